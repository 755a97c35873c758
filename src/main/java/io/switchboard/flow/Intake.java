package io.switchboard.flow;

import io.switchboard.model.Interaction;

import io.switchboard.event.EventParser;
import io.switchboard.model.RecordOrigin;
import io.switchboard.model.Failure;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/**
 * The first step: a batch of consumed Kafka records becomes a batch of {@link Interaction}s, in consumption order
 * (one person's records share a partition, so their order is kept). A record that is not a valid event is not an
 * error here: it becomes an interaction that is already dead-lettered, with its reason.
 */
@Component("intake")
public class Intake {

    private final EventParser parser;
    private final OffsetCommits offsets;
    private final ConsumerPause pause;

    public Intake(EventParser parser, OffsetCommits offsets, ConsumerPause pause) {
        this.parser = parser;
        this.offsets = offsets;
        this.pause = pause;
    }

    public List<Interaction> receive(Exchange exchange) {
        pause.checkOpen();
        List<Exchange> records = records(exchange);
        offsets.remember(exchange, records);
        exchange.setProperty(BatchFormation.OLDEST_RECORD, oldestTimestamp(records));
        List<Interaction> batch = new ArrayList<>(records.size());
        for (Exchange record : records) {
            RecordOrigin origin = origin(record);
            EventParser.ParsedEvent parsed = parser.parse(origin.value());
            batch.add(parsed.event() == null
                    ? Interaction.rejected(origin, new Failure(parsed.rejection().code(), parsed.rejection().message(), "parse"))
                    : Interaction.received(origin, parsed.event()));
        }
        return batch;
    }

    /**
     * For a batch whose processing hit an unexpected error (a defect, not bad data and not an unavailable
     * Salesforce): its records are dead-lettered with that error rather than retried forever, so a defect cannot
     * stall the partitions. Records are replayable from the dead-letter topic once the defect is fixed. This runs
     * inside error handling, so it cannot fail itself: a record it cannot even read is dead-lettered as it is.
     */
    public List<Interaction> failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        List<Exchange> records = records(exchange);
        offsets.remember(exchange, records);
        String what = cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return failedWith(records, new Failure(io.switchboard.model.Failures.INTERNAL_ERROR, "Switchboard failed on the batch holding this record ("
                + io.switchboard.model.Texts.cut(what, 500)
                + "). This is a defect, not bad data: report it with this record, then replay the record.", "pipeline"));
    }

    /** Every record dead-lettered with one failure, with its event where the record holds one. */
    List<Interaction> failedWith(List<Exchange> records, Failure failure) {
        List<Interaction> batch = new ArrayList<>(records.size());
        for (Exchange record : records) {
            RecordOrigin origin = origin(record);
            EventParser.ParsedEvent parsed;
            try {
                parsed = parser.parse(origin.value());
            } catch (RuntimeException | StackOverflowError e) {
                parsed = new EventParser.ParsedEvent(null, null);
            }
            batch.add(parsed.event() == null ? Interaction.rejected(origin, failure)
                    : Interaction.received(origin, parsed.event()).failedWith(failure));
        }
        return batch;
    }

    /** The earliest Kafka timestamp (epoch ms) of the records, null when none has one: the batch's latency budget. */
    private static Long oldestTimestamp(List<Exchange> records) {
        Long oldest = null;
        for (Exchange record : records) {
            Long timestamp = record.getMessage().getHeader(KafkaConstants.TIMESTAMP, Long.class);
            if (timestamp != null && timestamp > 0 && (oldest == null || timestamp < oldest)) {
                oldest = timestamp;
            }
        }
        return oldest;
    }

    /** The consumed records: the batch of a batching consumer, or the exchange itself for a single record. */
    @SuppressWarnings("unchecked")
    static List<Exchange> records(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof List<?> list && (list.isEmpty() || list.get(0) instanceof Exchange)) {
            return (List<Exchange>) list;
        }
        return List.of(exchange);
    }

    private static RecordOrigin origin(Exchange record) {
        var m = record.getMessage();
        Object key = m.getHeader(KafkaConstants.KEY);
        return new RecordOrigin(
                m.getHeader(KafkaConstants.TOPIC, String.class),
                m.getHeader(KafkaConstants.PARTITION, 0, Integer.class),
                m.getHeader(KafkaConstants.OFFSET, 0L, Long.class),
                key == null ? null : record.getContext().getTypeConverter().convertTo(String.class, key),
                m.getBody(byte[].class));
    }
}
