package io.switchboard.console.store;

import java.time.Instant;

/** One outcome as the store holds it: the columns the sync log filters and shows, and the whole record. */
public record OutcomeRow(long id, String eventId, String type, String source, String subject, String decision,
                         String reason, String errorCode, String errorStep, String originTopic, Integer originPartition,
                         Long originOffset, String replayOf, Instant processedAt, String body) {
}
