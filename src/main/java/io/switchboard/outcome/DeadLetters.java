package io.switchboard.outcome;

import io.switchboard.flow.Interaction;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/**
 * Turns a dead-lettered interaction back into the record as it was consumed (value and key unchanged) with
 * headers saying why, so that an operator can read the reason and replay the record after fixing its cause.
 */
@Component("deadLetters")
public class DeadLetters {

    public static final String PREFIX = "switchboard.";

    public void toDeadLetterRecord(Exchange exchange) {
        Interaction i = exchange.getMessage().getBody(Interaction.class);
        Failure failure = i.failure();
        var m = exchange.getMessage();
        // The original record headers stay; only the consumer's own bookkeeping goes.
        m.removeHeaders("kafka.*");
        if (i.origin().key() != null) {
            m.setHeader(KafkaConstants.KEY, i.origin().key());
        }
        m.setHeader(PREFIX + "error.code", failure.code());
        m.setHeader(PREFIX + "error.message", failure.message());
        m.setHeader(PREFIX + "error.step", failure.step());
        m.setHeader(PREFIX + "original.topic", i.origin().topic());
        m.setHeader(PREFIX + "original.partition", String.valueOf(i.origin().partition()));
        m.setHeader(PREFIX + "original.offset", String.valueOf(i.origin().offset()));
        m.setHeader(PREFIX + "failed.at", Instant.now().toString());
        m.setHeader(PREFIX + "attempts", String.valueOf(
                exchange.getProperty(Exchange.REDELIVERY_COUNTER, 0, Integer.class) + 1));
        if (i.event() != null) {
            m.setHeader(PREFIX + "event.id", i.event().id());
            m.setHeader(PREFIX + "event.type", i.event().type());
        }
        m.setBody(i.origin().value());
    }
}
