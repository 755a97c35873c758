package io.switchboard.delivery;

import io.switchboard.flow.Interaction;
import io.switchboard.outcome.Failure;
import io.switchboard.outcome.WrittenRecord;
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

    public static final String ACCOUNT = "account";
    public static final String PERSON = "person";
    public static final String CASE = "case";
    public static final String ACTIVITY = "activity";
    public static final String NOTE = "note";
    public static final String NOTE_LINK = "noteLink";
    public static final String CAMPAIGN_MEMBER = "campaignMember";

    public DeliveryPlan {
        writes = List.copyOf(writes);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** Planning this one event failed on a defect; it is dead-lettered alone, the batch goes on. */
    public static DeliveryPlan failed(Interaction interaction, RuntimeException defect) {
        return new DeliveryPlan(interaction, List.of(), null, Defects.failure(defect, "delivery: plan"), List.of(), null);
    }
}
