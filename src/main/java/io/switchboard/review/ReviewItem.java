package io.switchboard.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.switchboard.model.Interaction;
import io.switchboard.model.Resolution;
import io.switchboard.model.ReviewCandidate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * One interaction in the review queue, as its record on the queue topic holds it (JSON, keyed by event id).
 *
 * @param state      {@code held}: waiting for a person; {@code resolved}: a decision was made and the event is on
 *                   its way through the pipeline again (it leaves the queue when its new outcome is recorded)
 * @param reason     why it is held, in the rule's words
 * @param candidates the records it may belong to (none when nobody matched)
 * @param key        the consumed record's key, republished unchanged
 * @param value      the consumed record's value (a valid UTF-8 event: it was parsed), republished unchanged
 * @param notes      the pipeline's notes on the way (how it was matched)
 * @param resolution what was decided, once {@code resolved}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReviewItem(String eventId, State state, String type, String source, String subject, String reason,
                         List<ReviewCandidate> candidates, Origin origin, String key, String value,
                         List<String> notes, Instant heldAt, Resolution resolution, Instant resolvedAt) {

    public enum State { HELD, RESOLVED }

    /** Where the held record was consumed. */
    public record Origin(String topic, int partition, long offset) {
    }

    public ReviewItem {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    static ReviewItem held(Interaction i, Instant at) {
        var e = i.event();
        return new ReviewItem(e.id(), State.HELD, e.type(), e.source(), e.subject(), i.reason(), i.candidates(),
                new Origin(i.origin().topic(), i.origin().partition(), i.origin().offset()), i.origin().key(),
                new String(i.origin().value(), StandardCharsets.UTF_8), i.notes(), at, null, null);
    }

    ReviewItem resolved(Resolution decided, Instant at) {
        return new ReviewItem(eventId, State.RESOLVED, type, source, subject, reason, candidates, origin, key, value,
                notes, heldAt, decided, at);
    }

    ReviewItem heldAgain() {
        return new ReviewItem(eventId, State.HELD, type, source, subject, reason, candidates, origin, key, value,
                notes, heldAt, null, null);
    }

    public boolean waiting() {
        return state == State.HELD;
    }

    byte[] valueBytes() {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
