package io.switchboard.delivery;

import io.switchboard.flow.Interaction;
import io.switchboard.outcome.Failure;
import java.util.List;

/**
 * The writes that deliver one event, in order (person, then case, then activity), or the reason there are none.
 *
 * @param skipReason set when the rule writes nothing for this event (then {@code writes} is empty)
 */
public record DeliveryPlan(Interaction interaction, List<PlannedWrite> writes, String skipReason, Failure failure) {

    public static final String PERSON = "person";
    public static final String CASE = "case";
    public static final String ACTIVITY = "activity";

    public DeliveryPlan {
        writes = List.copyOf(writes);
    }

    public DeliveryPlan(Interaction interaction, List<PlannedWrite> writes, String skipReason) {
        this(interaction, writes, skipReason, null);
    }

    /** Planning this one event failed on a defect; it is dead-lettered alone, the batch goes on. */
    public static DeliveryPlan failed(Interaction interaction, RuntimeException defect) {
        return new DeliveryPlan(interaction, List.of(), null, Defects.failure(defect, "delivery: plan"));
    }
}
