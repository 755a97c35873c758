package io.switchboard.delivery;

import io.switchboard.model.Interaction;
import io.switchboard.model.Failure;
import io.switchboard.model.WrittenRecord;
import java.util.List;

/**
 * The writes that deliver one event, in order (a new Contact's Account, person, case, activity, note, campaign
 * membership), or why there are none.
 *
 * @param skipReason set when the rule writes nothing for this event (then {@code writes} is empty)
 * @param failure    set when planning failed on a defect
 * @param notes      what the planner decided and why, for the outcome
 * @param kept       the activity left as it was because Salesforce already holds a later version
 */
public record DeliveryPlan(Interaction interaction, List<PlannedWrite> writes, String skipReason, Failure failure,
                           List<String> notes, WrittenRecord kept) {


    public DeliveryPlan {
        writes = List.copyOf(writes);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** Planning this one event failed; it is dead-lettered alone, the batch goes on. */
    public static DeliveryPlan failed(Interaction interaction, io.switchboard.model.Failure failure) {
        return new DeliveryPlan(interaction, List.of(), null, failure, List.of(), null);
    }
}
