package io.switchboard.delivery;

import io.switchboard.event.InteractionEvent;

/**
 * The key that identifies an event's activity in Salesforce (held in the external-ID field). Events that share a
 * {@code subject} (one call or conversation) share one activity, which each update brings up to date; an event
 * without a subject has an activity of its own, keyed by its id. Either way a replay finds what it wrote before.
 */
final class ActivityKeys {

    private ActivityKeys() {
    }

    /** CloudEvents ids are unique per source, so the source is part of every key. */
    static String of(InteractionEvent event) {
        return event.source() + ":" + (event.subject() == null ? event.id() : event.subject());
    }
}
