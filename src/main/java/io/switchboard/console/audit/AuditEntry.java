package io.switchboard.console.audit;

import java.time.Instant;

/**
 * One operator action: who, when, through what (console, api, jmx), what on what, and what came of it.
 */
public record AuditEntry(long id, Instant at, String who, String via, String action, String target, String result,
                         String note) {
}
