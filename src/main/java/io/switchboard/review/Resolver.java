package io.switchboard.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.model.Resolution;
import io.switchboard.signing.HeaderSignatures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Carries out a decision on a held interaction, once: its state becomes {@code resolved} on the queue topic (so no
 * instance takes a second decision), then its original record is published again, key and value unchanged, to
 * the topic it came from, with the decision in the header {@link Resolution#HEADER}, signed ({@link HeaderSignatures}). The pipeline honours the
 * header instead of matching, writes as for any event (the activity keys keep it once, whatever is replayed) and
 * removes the interaction from the queue when its new outcome is recorded. Every action, refused ones too, goes to
 * the audit topic.
 */
@Component
class Resolver {

    private static final Logger log = LoggerFactory.getLogger(Resolver.class);

    private final ReviewQueue queue;
    private final ReviewKafka kafka;
    private final ReviewProperties properties;
    private final ObjectMapper json;
    private final HeaderSignatures signatures;

    Resolver(ReviewQueue queue, ReviewKafka kafka, ReviewProperties properties, ObjectMapper json,
             HeaderSignatures signatures) {
        this.queue = queue;
        this.kafka = kafka;
        this.properties = properties;
        this.json = json;
        this.signatures = signatures;
    }

    /** Writes the decision, then republishes the original record with it; the audit says what came of it. */
    synchronized ActionResult resolve(String eventId, String action, String actor, Resolution resolution, String detail) {
        Optional<ReviewItem> found = queue.item(eventId);
        if (found.isEmpty()) {
            return refused(eventId, action, actor, ActionResult.Status.NOT_FOUND, "no interaction with this event id "
                    + "is in the review queue (never held, or it left the queue)");
        }
        ReviewItem item = found.get();
        if (!item.waiting()) {
            Resolution before = item.resolution();
            return refused(eventId, action, actor, ActionResult.Status.ALREADY_RESOLVED, "already decided"
                    + (before == null ? "" : " by " + before.by() + " at " + item.resolvedAt() + " ("
                    + before.describe() + ")") + "; it is on its way");
        }
        ReviewItem resolved = item.resolved(resolution, Instant.now());
        try {
            kafka.sendAll(List.of(new ReviewKafka.Out(properties.topic(), eventId, json.writeValueAsBytes(resolved))));
            queue.apply(eventId, resolved);
            try {
                // signed over the event's value: the pipeline honours only the service's own decisions
                String decision = resolution.toHeader();
                kafka.sendAll(List.of(new ReviewKafka.Out(item.origin().topic(), item.key(), item.valueBytes(),
                        Map.of(Resolution.HEADER, decision, HeaderSignatures.signatureHeader(Resolution.HEADER),
                                signatures.sign(Resolution.HEADER, decision, item.valueBytes())))));
            } catch (KafkaException notRepublished) {
                // the decision was not sent on: it waits again, as it was
                kafka.sendAll(List.of(new ReviewKafka.Out(properties.topic(), eventId, json.writeValueAsBytes(item.heldAgain()))));
                queue.apply(eventId, item.heldAgain());
                throw notRepublished;
            }
        } catch (KafkaException | JsonProcessingException e) {
            log.warn("Could not resolve a held interaction ({}): {}", action, e.getMessage());
            return refused(eventId, action, actor, ActionResult.Status.FAILED, "Kafka did not take the decision ("
                    + io.switchboard.model.Texts.cut(e.getMessage(), 300) + "); nothing changed, try again");
        }
        ActionResult result = new ActionResult(eventId, action, ActionResult.Status.ACCEPTED,
                "decided: " + resolution.describe().replaceFirst("^review: ", "") + "; the event is on its way", resolved);
        audit(actor, action, eventId, ActionResult.Status.ACCEPTED, detail);
        return result;
    }

    ActionResult refused(String eventId, String action, String actor, ActionResult.Status status, String why) {
        audit(actor, action, eventId, status, why);
        return new ActionResult(eventId, action, status, why, queue.item(eventId).orElse(null));
    }

    /** Appends to the audit trail; an audit entry that cannot be written is logged, never hidden. */
    void audit(String actor, String action, String eventId, ActionResult.Status status, String detail) {
        AuditEntry entry = new AuditEntry(UUID.randomUUID().toString(), Instant.now(), actor, action, eventId,
                status.name().toLowerCase(java.util.Locale.ROOT), io.switchboard.model.Texts.cut(detail, 1000));
        try {
            kafka.sendAll(List.of(new ReviewKafka.Out(properties.auditTopic(), eventId, json.writeValueAsBytes(entry))));
        } catch (KafkaException | JsonProcessingException e) {
            log.error("Could not write the audit entry of {} by {} ({}): {}", action, actor, status, e.getMessage());
        }
    }

}
