package io.switchboard.outcome;

import io.switchboard.flow.Interaction;
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
 * cause. The records go to Kafka together, as one list.
 */
@Component("deadLetters")
public class DeadLetters {

    public static final String PREFIX = "switchboard.";

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
        Failure failure = i.failure();
        Message m = new DefaultMessage(exchange);
        if (i.origin().key() != null) {
            m.setHeader(KafkaConstants.KEY, i.origin().key());
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
            m.setHeader(PREFIX + "event.id", i.event().id());
            m.setHeader(PREFIX + "event.type", i.event().type());
        }
        m.setBody(i.origin().value());
        return m;
    }
}
