package io.switchboard.delivery;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.OffsetDateTime;
import java.util.Comparator;

/**
 * Which of several writes of one record in a batch is the later, and so the one written: an activity's by its
 * event's time (to the microsecond), a campaign member's by its status's rank in the rule's order.
 *
 * @param label how the dry run shows it
 */
public record WriteVersion(long major, long minor, String label) implements Comparable<WriteVersion> {

    private static final Comparator<WriteVersion> ORDER =
            Comparator.comparingLong(WriteVersion::major).thenComparingLong(WriteVersion::minor);

    static WriteVersion of(OffsetDateTime eventTime) {
        return new WriteVersion(eventTime.toEpochSecond(), eventTime.getNano() / 1_000L,
                eventTime.toInstant().toString());
    }

    static WriteVersion rank(int rank, String status) {
        return new WriteVersion(rank, 0, "status " + status);
    }

    @Override
    public int compareTo(WriteVersion other) {
        return ORDER.compare(this, other);
    }

    @JsonValue
    @Override
    public String label() {
        return label;
    }
}
