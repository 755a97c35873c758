package io.switchboard.delivery;

import io.switchboard.event.InteractionEvent;

/**
 * The key that identifies an event's activity in Salesforce (held in the external-ID field): the event id, so
 * that a replay of the same event finds the activity it already wrote.
 */
final class ActivityKeys {

    private ActivityKeys() {
    }

    static String of(InteractionEvent event) {
        return event.id();
    }
}
