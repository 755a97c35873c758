package io.switchboard.outcome;

import com.google.common.hash.Hashing;
import io.switchboard.model.Texts;
import java.nio.charset.StandardCharsets;

/**
 * Bounds for what Switchboard itself publishes (outcomes and dead letters), so that no record it writes can exceed
 * what Kafka takes and block the partition it came from: Kafka's producer refuses records over
 * {@code max.request.size} (1 MiB by default), the broker those over {@code message.max.bytes}. Texts that come
 * from an event or from Salesforce (a reason repeating a rejected value) are cut with a stated marker.
 */
public final class RecordLimits {

    /** Under Kafka's default 1 MiB, leaving room for headers and the record's own overhead. */
    public static final int MAX_VALUE_BYTES = 1_000_000;
    /** A key longer than this is replaced by its digest: a key is for partitioning, not for content. */
    public static final int MAX_KEY_CHARS = 4_096;
    /** One header (a reason, a message) at most. */
    public static final int MAX_HEADER_CHARS = 2_000;
    /** One line of an outcome's notes at most. */
    public static final int MAX_NOTE_CHARS = 1_000;
    /** Notes per outcome at most. */
    public static final int MAX_NOTES = 50;

    private RecordLimits() {
    }

    /** A failure as Switchboard publishes it: code and step short, the message at most one header long. */
    public static io.switchboard.model.Failure bounded(io.switchboard.model.Failure failure) {
        return new io.switchboard.model.Failure(Texts.cut(failure.code(), 100),
                Texts.cut(failure.message(), MAX_HEADER_CHARS), Texts.cut(failure.step(), 100));
    }

    /** A key that fits, the same for the same original: the key itself, or {@code sha256:<hex>} of it. */
    public static String key(String key) {
        return key == null || key.length() <= MAX_KEY_CHARS ? key : "sha256:" + sha256(key.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(byte[] bytes) {
        return Hashing.sha256().hashBytes(bytes).toString();
    }
}
