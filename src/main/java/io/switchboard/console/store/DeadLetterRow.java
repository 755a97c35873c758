package io.switchboard.console.store;

import java.time.Instant;
import java.util.Map;

/**
 * One record of the dead-letter topic as the store holds it, with what the console did with it.
 *
 * @param reference the dead letter as the replay header names it: {@code topic/partition/offset}
 * @param status    {@code open}, {@code replayed} or {@code discarded}
 */
public record DeadLetterRow(long id, String reference, String errorCode, String errorStep, String errorMessage,
                            String eventId, String eventType, String originalTopic, Integer originalPartition,
                            Long originalOffset, String key, String replayOf, Instant failedAt,
                            Map<String, String> headers, byte[] value, String status, String settledBy,
                            Instant settledAt, String note) {

    public boolean open() {
        return "open".equals(status);
    }
}
