package io.switchboard.review;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The review queue's settings.
 *
 * @param topic           compacted topic holding each held interaction's latest state, keyed by event id (created
 *                        compacted at start-up when missing)
 * @param auditTopic      topic of the audit trail: every action on the queue, who, when, what and its result
 * @param rematchInterval how often held interactions are matched again, so that one whose person now exists in
 *                        the org leaves the queue by itself (0s: only when the change feed or an operator asks)
 * @param auditKept       how many of the latest audit entries each instance keeps in memory to show
 * @param rematchBatch    held interactions matched together in one batch (one round of matching requests)
 * @param rematchOnChange how long after the change feed reports a changed person or account the held interactions
 *                        are matched again; the changes of that time (a snapshot's thousands) share one re-match
 */
@ConfigurationProperties("switchboard.review")
public record ReviewProperties(@DefaultValue("interactions.review") String topic,
                               @DefaultValue("interactions.review.audit") String auditTopic,
                               @DefaultValue("5m") Duration rematchInterval,
                               @DefaultValue("1000") int auditKept,
                               @DefaultValue("200") int rematchBatch,
                               @DefaultValue("10s") Duration rematchOnChange) {
}
