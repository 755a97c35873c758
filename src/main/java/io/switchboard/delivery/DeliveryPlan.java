package io.switchboard.delivery;

import io.switchboard.flow.Interaction;
import java.util.List;

/**
 * The writes that deliver one event, in order (person, then case, then activity), or the reason there are none.
 *
 * @param skipReason set when the rule writes nothing for this event (then {@code writes} is empty)
 */
public record DeliveryPlan(Interaction interaction, List<PlannedWrite> writes, String skipReason) {

    public static final String PERSON = "person";
    public static final String CASE = "case";
    public static final String ACTIVITY = "activity";

    public DeliveryPlan {
        writes = List.copyOf(writes);
    }
}
