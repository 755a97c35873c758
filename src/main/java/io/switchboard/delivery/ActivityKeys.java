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
     * The field holding the key on the rule's activity object: a custom object's own {@code keyField}, else the
     * service's event-id field; for Task and Event without that setting, CallObject. Null for a custom object
     * without either.
     */
    static String field(io.switchboard.model.rule.TypeRule.ActivityRule activity, DeliveryProperties properties) {
        if (activity.keyField() != null) {
            return activity.keyField();
        }
        if (properties.hasEventIdField()) {
            return properties.eventIdField();
        }
        return activity.standard() ? "CallObject" : null;
    }

    /**
     * CloudEvents ids are unique per source, so the source is part of every key. A key longer than the field keeps
     * its readable start and ends in the SHA-256 of the whole, so it stays unique and the same on every replay.
     */
    static String of(InteractionEvent event) {
        return fitted(event.source() + ":" + (event.subject() == null ? event.id() : event.subject()));
    }

    /**
     * The key of one person's own activity of an interaction of several ({@code participants: each}): the
     * interaction's key and, for a participant, who they are (their identity, else their record), as a digest so
     * that no email or number is written into the key. Null {@code participant}: the primary person's, the
     * interaction's own key.
     */
    static String of(InteractionEvent event, io.switchboard.model.Match participant) {
        String base = event.source() + ":" + (event.subject() == null ? event.id() : event.subject());
        if (participant == null) {
            return fitted(base);
        }
        String who = participant.identity() != null ? participant.identity() : participant.id();
        return fitted(base + "/p-" + Hashing.sha256().hashString(String.valueOf(who), StandardCharsets.UTF_8)
                .toString().substring(0, 16));
    }

    /** Every activity key of an interaction: its own and, where each person gets one, each participant's. */
    static java.util.List<String> all(io.switchboard.model.Interaction interaction) {
        java.util.List<String> keys = new java.util.ArrayList<>();
        keys.add(of(interaction.event()));
        var activity = interaction.rule().activity();
        if (activity.participants() == io.switchboard.model.rule.TypeRule.Participants.EACH || !activity.standard()) {
            interaction.participants().forEach(p -> keys.add(of(interaction.event(), p.match())));
        }
        return keys;
    }

    private static String fitted(String key) {
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
