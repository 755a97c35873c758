package io.switchboard.console.store;

import java.time.Instant;

/** Dead letters of one error code and step: how many, how many still open, first and last seen. */
public record DeadLetterGroup(String errorCode, String errorStep, long count, long open, Instant firstSeen,
                              Instant lastSeen) {
}
