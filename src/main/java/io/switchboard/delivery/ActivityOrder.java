package io.switchboard.delivery;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Which of two updates of one conversation is the later, as Salesforce can hold it. Salesforce keeps datetimes to
 * the whole second, so the ordering key is the event time to the second (the event-time field) and, as the
 * tie-breaker, the microseconds within that second (the event-sequence field, a number): together they are the
 * event time at the producer's precision. An update whose key is lower than what the activity holds never
 * overwrites it; an equal key (the same event again, a replay) is written again, which changes nothing. Where the
 * org has no sequence field, two updates within one second are taken in the order they arrive.
 */
record ActivityOrder(OffsetDateTime second, Long sequence) {

    /** The key of an event's time. */
    static ActivityOrder of(OffsetDateTime eventTime) {
        return new ActivityOrder(eventTime.truncatedTo(ChronoUnit.SECONDS), sequence(eventTime));
    }

    /** The key an activity holds, from its fields as Salesforce answered them (the sequence may be absent). */
    static Optional<ActivityOrder> held(String time, Long sequence) {
        return DeliveryLookups.time(time).map(t -> new ActivityOrder(t.truncatedTo(ChronoUnit.SECONDS), sequence));
    }

    /** Microseconds within the second. */
    static long sequence(OffsetDateTime time) {
        return time.getNano() / 1_000;
    }

    /** True when this (held) key is later than the other's: the other must not overwrite it. */
    boolean isLaterThan(ActivityOrder other) {
        int bySecond = second.toInstant().compareTo(other.second.toInstant());
        if (bySecond != 0) {
            return bySecond > 0;
        }
        return sequence != null && other.sequence != null && sequence > other.sequence;
    }
}
