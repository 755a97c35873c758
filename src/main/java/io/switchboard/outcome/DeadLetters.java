package io.switchboard.outcome;

import io.switchboard.model.Failure;

import io.switchboard.model.Interaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.springframework.stereotype.Component;

/**
 * Turns a batch's dead-lettered interactions back into the records as they were consumed (value and key
 * unchanged) with headers saying why, so that an operator can read the reason and replay a record after fixing its
 * cause. The records go to Kafka together, as one list. Every dead letter fits Kafka's limits whatever the record
 * held (see {@link RecordLimits}): headers are bounded, and a value too large to publish again is replaced by a
 * stated marker with its size, SHA-256 and original coordinates, so the partition it came from never waits for it.
 */
@Component("deadLetters")
public class DeadLetters {

    public static final String PREFIX = "switchboard.";
    /** Header on a dead letter whose value had to be replaced by a marker. */
    public static final String VALUE_REPLACED = PREFIX + "value.replaced";
    /**
     * Header on a record published again from the dead-letter topic (the console's replay): the dead letter it
     * replays, as {@code topic/partition/offset}. Its outcome carries it as {@code replayOf}, and should it be
     * dead-lettered again, so does its new dead letter.
     */
    public static final String REPLAY_OF = io.switchboard.model.RecordOrigin.REPLAY_OF_HEADER;

    /** The body, a batch of {@link Interaction}s, becomes the list of its dead-letter records (often empty). */
    public List<Message> toDeadLetterRecords(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Interaction> batch = exchange.getMessage().getBody(List.class);
        int attempts = exchange.getProperty(Exchange.REDELIVERY_COUNTER, 0, Integer.class) + 1;
        String failedAt = Instant.now().toString();
        List<Message> records = new ArrayList<>();
        for (Interaction i : batch) {
            if (i.deadLettered()) {
                records.add(record(exchange, i, attempts, failedAt));
            }
        }
        return records;
    }

    private static Message record(Exchange exchange, Interaction i, int attempts, String failedAt) {
        Failure failure = RecordLimits.bounded(i.failure());
        Message m = new DefaultMessage(exchange);
        // the record's own headers first (a binary-mode CloudEvent's attributes), so that ours say why
        for (io.switchboard.model.RecordOrigin.Header header : i.origin().headers()) {
            if (!header.name().startsWith(PREFIX) && header.value() != null) {
                m.setHeader(header.name(), header.value());
            }
        }
        if (i.resolution() != null) {
            // a review decision the intake verified goes with its dead letter, signature and all, so that the
            // replay is still that decision (and is verified again)
            keep(m, i, io.switchboard.model.Resolution.HEADER);
            keep(m, i, io.switchboard.model.Resolution.SIGNATURE_HEADER);
        }
        String key = i.origin().key();
        if (key != null) {
            m.setHeader(KafkaConstants.KEY, RecordLimits.key(key));
            if (!key.equals(RecordLimits.key(key))) {
                m.setHeader(PREFIX + "original.key.length", String.valueOf(key.length()));
            }
        }
        m.setHeader(PREFIX + "error.code", failure.code());
        m.setHeader(PREFIX + "error.message", failure.message());
        m.setHeader(PREFIX + "error.step", failure.step());
        m.setHeader(PREFIX + "original.topic", i.origin().topic());
        m.setHeader(PREFIX + "original.partition", String.valueOf(i.origin().partition()));
        m.setHeader(PREFIX + "original.offset", String.valueOf(i.origin().offset()));
        m.setHeader(PREFIX + "failed.at", failedAt);
        m.setHeader(PREFIX + "attempts", String.valueOf(attempts));
        if (i.event() != null) {
            m.setHeader(PREFIX + "event.id", io.switchboard.model.Texts.cut(i.event().id(), 300));
            m.setHeader(PREFIX + "event.type", io.switchboard.model.Texts.cut(i.event().type(), 300));
        }
        if (i.origin().replayOf() != null) {
            m.setHeader(REPLAY_OF, i.origin().replayOf());
        }
        byte[] value = i.origin().value();
        if (value != null && value.length > RecordLimits.MAX_VALUE_BYTES) {
            m.setHeader(VALUE_REPLACED, "true");
            m.setBody(marker(i, value));
        } else {
            m.setBody(value);
        }
        return m;
    }

    /** The record's own header of that name, as it was consumed. */
    private static void keep(Message m, Interaction i, String name) {
        for (io.switchboard.model.RecordOrigin.Header header : i.origin().headers()) {
            if (header.name().equals(name) && header.value() != null) {
                m.setHeader(name, header.value());
            }
        }
    }

    /** What stands for a value too large to publish again: enough to find and verify the original. */
    private static byte[] marker(Interaction i, byte[] value) {
        return ("{\"switchboard.marker\":\"value-too-large\",\"size\":" + value.length + ",\"sha256\":\""
                + RecordLimits.sha256(value) + "\",\"original\":{\"topic\":\"" + i.origin().topic() + "\",\"partition\":"
                + i.origin().partition() + ",\"offset\":" + i.origin().offset() + "},\"note\":\"The original record is "
                + "larger than the dead-letter topic takes; read it from its topic at this offset while it is retained.\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
