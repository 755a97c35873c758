package io.switchboard.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One action on the review queue, as the audit topic keeps it: who did what to which interaction, when, and what
 * came of it.
 *
 * @param actor   the operator's login, {@code jmx}, or {@code re-match} for what the service did by itself
 * @param action  deliver, create-lead, create-contact, skip, re-match
 * @param eventId the interaction acted on; null for an action on the whole queue (a re-match)
 * @param result  what came of it ({@link ActionResult.Status}, lower case)
 * @param detail  the chosen record, the reason of a skip, or why it was refused
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(String id, Instant at, String actor, String action, String eventId, String result,
                         String detail) {
}
