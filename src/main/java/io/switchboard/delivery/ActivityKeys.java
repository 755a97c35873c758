package io.switchboard.delivery;

import com.google.common.hash.Hashing;
import io.switchboard.model.InteractionEvent;
import java.nio.charset.StandardCharsets;

/**
 * The key that identifies an event's activity in Salesforce (held in the external-ID field). Events that share a
 * {@code subject} (one call or conversation) share one activity, which each update brings up to date; an event
 * without a subject has an activity of its own, keyed by its id. Either way a replay finds what it wrote before.
 */
final class ActivityKeys {

    /** The key field is Text(255), Salesforce's limit for an External ID text field. */
    static final int MAX_LENGTH = 255;

    private ActivityKeys() {
    }

    /**
     * CloudEvents ids are unique per source, so the source is part of every key. A key longer than the field keeps
     * its readable start and ends in the SHA-256 of the whole, so it stays unique and the same on every replay.
     */
    static String of(InteractionEvent event) {
        String key = event.source() + ":" + (event.subject() == null ? event.id() : event.subject());
        if (key.length() <= MAX_LENGTH) {
            return key;
        }
        String digest = Hashing.sha256().hashString(key, StandardCharsets.UTF_8).toString();
        String start = key.substring(0, MAX_LENGTH - digest.length() - 1);
        if (Character.isHighSurrogate(start.charAt(start.length() - 1))) {
            start = start.substring(0, start.length() - 1);
        }
        return start + "#" + digest;
    }
}
