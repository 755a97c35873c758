package io.switchboard.flow;

import io.switchboard.event.EventParser;
import io.switchboard.event.RecordOrigin;
import io.switchboard.outcome.Failure;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/**
 * The first step: a consumed Kafka record becomes a batch of one {@link Interaction}. A record that is not a
 * valid event is not an error here: it becomes an interaction that is already dead-lettered, with its reason.
 */
@Component("intake")
public class Intake {

    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private final EventParser parser;

    public Intake(EventParser parser) {
        this.parser = parser;
    }

    public List<Interaction> receive(Exchange exchange) {
        RecordOrigin origin = origin(exchange);
        EventParser.ParsedEvent parsed = parser.parse(origin.value());
        if (parsed.event() == null) {
            return List.of(Interaction.rejected(origin, new Failure(parsed.rejection().code(),
                    parsed.rejection().message(), "parse")));
        }
        return List.of(Interaction.received(origin, parsed.event()));
    }

    /**
     * For a record whose processing hit an unexpected error: it is dead-lettered with that error rather than
     * retried forever, so a defect cannot stall its partition.
     */
    public List<Interaction> failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        RecordOrigin origin = origin(exchange);
        var parsed = parser.parse(origin.value());
        Failure failure = new Failure(INTERNAL_ERROR, "Switchboard failed on this record ("
                + (cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage())
                + "). This is a defect, not bad data: report it with this record, then replay the record.",
                "pipeline");
        Interaction failedOne = parsed.event() == null ? Interaction.rejected(origin, failure)
                : Interaction.received(origin, parsed.event()).failedWith(failure);
        return List.of(failedOne);
    }

    private static RecordOrigin origin(Exchange exchange) {
        var m = exchange.getMessage();
        byte[] value = m.getBody(byte[].class);
        Object key = m.getHeader(KafkaConstants.KEY);
        return new RecordOrigin(
                m.getHeader(KafkaConstants.TOPIC, String.class),
                m.getHeader(KafkaConstants.PARTITION, 0, Integer.class),
                m.getHeader(KafkaConstants.OFFSET, 0L, Long.class),
                key == null ? null : exchange.getContext().getTypeConverter().convertTo(String.class, key),
                value);
    }
}
