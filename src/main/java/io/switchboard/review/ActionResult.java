package io.switchboard.review;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What came of an action on the review queue.
 *
 * @param item the interaction as it is now (null when it is not in the queue)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActionResult(String eventId, String action, Status status, String message, ReviewItem item) {

    public enum Status {
        /** Done: the event is on its way with the decision. */
        ACCEPTED,
        /** No such interaction in the queue (never held, or gone). */
        NOT_FOUND,
        /** It was decided already and is on its way; deciding again would change nothing. */
        ALREADY_RESOLVED,
        /** The request itself is wrong (not a Salesforce id of a Contact, Lead or Account, ...). */
        INVALID,
        /** Kafka could not take the decision; nothing changed, try again. */
        FAILED
    }

    public boolean accepted() {
        return status == Status.ACCEPTED;
    }
}
