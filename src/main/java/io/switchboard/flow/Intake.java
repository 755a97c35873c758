package io.switchboard.flow;

import io.switchboard.model.Interaction;

import io.switchboard.event.EventParser;
import io.switchboard.event.KafkaBinding;
import io.switchboard.model.RecordOrigin;
import io.switchboard.model.Failure;
import io.switchboard.model.Resolution;
import io.switchboard.signing.HeaderSignatures;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/**
 * The first step: a batch of consumed Kafka records becomes a batch of {@link Interaction}s, in consumption order
 * (one person's records share a partition, so their order is kept), each record read by the CloudEvents Kafka
 * binding in structured or binary mode ({@link KafkaBinding}). A record that is not a valid event is not an error
 * here: it becomes an interaction that is already dead-lettered, with its reason.
 */
@Component("intake")
public class Intake {

    private final KafkaBinding binding;
    private final OffsetCommits offsets;
    private final ConsumerPause pause;
    private final HeaderSignatures signatures;

    public Intake(KafkaBinding binding, OffsetCommits offsets, ConsumerPause pause, HeaderSignatures signatures) {
        this.binding = binding;
        this.offsets = offsets;
        this.pause = pause;
        this.signatures = signatures;
    }

    public List<Interaction> receive(Exchange exchange) {
        pause.checkOpen();
        List<Exchange> records = records(exchange);
        offsets.remember(exchange, records);
        long[] span = timestampSpan(records);
        exchange.setProperty(BatchFormation.OLDEST_RECORD, span == null ? null : span[0]);
        exchange.setProperty(BatchFormation.NEWEST_RECORD, span == null ? null : span[1]);
        List<Interaction> batch = new ArrayList<>(records.size());
        for (Exchange record : records) {
            RecordOrigin origin = origin(record);
            EventParser.ParsedEvent parsed = binding.read(headers(record), origin.value());
            batch.add(parsed.event() == null
                    ? Interaction.rejected(origin, new Failure(parsed.rejection().code(), parsed.rejection().message(), "parse"))
                    : resolved(record, Interaction.received(origin, parsed.event())));
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
                parsed = binding.read(headers(record), origin.value());
            } catch (RuntimeException | StackOverflowError e) {
                parsed = new EventParser.ParsedEvent(null, null);
            }
            // with its verified review decision, if any: the dead letter keeps it for the replay
            batch.add(parsed.event() == null ? Interaction.rejected(origin, failure)
                    : resolved(record, Interaction.received(origin, parsed.event())).failedWith(failure));
        }
        return batch;
    }

    /**
     * An event republished from the review queue carries what a person decided ({@link Resolution#HEADER}), signed
     * by the service ({@link HeaderSignatures}); the stages honour it instead of matching. A header without the
     * service's signature is a producer's: it is dropped, with a note. A signed header this version cannot follow
     * is a dead letter, not a guess.
     */
    private Interaction resolved(Exchange record, Interaction consumed) {
        Interaction received = withUnsignedReplayNoted(record, consumed);
        String text = text(record, Resolution.HEADER);
        if (text == null) {
            return received;
        }
        if (!signed(record, Resolution.HEADER, text, received.origin().value())) {
            // a producer's, not the service's: the event is matched as any other, and its outcome says why
            return received.withNote("review: the header " + Resolution.HEADER + " was dropped: it does not carry the "
                    + "service's signature, so it is no decision of the review queue (a producer cannot choose the "
                    + "record); the event was matched as any other");
        }
        return Resolution.fromHeader(text).map(received::withResolution).orElseGet(() -> received.failedWith(
                new Failure(INVALID_RESOLUTION, "The header " + Resolution.HEADER + " holds no decision this version "
                        + "can follow (" + io.switchboard.model.Texts.cut(text, 200) + "); resolve the interaction "
                        + "again from the review queue, or replay the record without that header", "parse")));
    }

    /** A replay reference the service did not sign is not kept ({@link #replayOf}); the outcome says so. */
    private Interaction withUnsignedReplayNoted(Exchange record, Interaction received) {
        String claimed = text(record, RecordOrigin.REPLAY_OF_HEADER);
        if (claimed == null || claimed.isBlank() || received.origin().replayOf() != null) {
            return received;
        }
        return received.withNote("the header " + RecordOrigin.REPLAY_OF_HEADER + " was dropped: it does not carry the "
                + "service's signature, so this record is no replay of the console's");
    }

    /** Whether the record carries the service's signature for this header's value. */
    private boolean signed(Exchange record, String header, String value, byte[] recordValue) {
        return signatures.verified(header, value, text(record, HeaderSignatures.signatureHeader(header)), recordValue);
    }

    /** A header as text (Kafka headers arrive as bytes), null when absent. */
    private static String text(Exchange record, String header) {
        Object value = record.getMessage().getHeader(header);
        if (value == null) {
            return null;
        }
        return value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : value.toString();
    }

    /** The code of a republished event whose review decision cannot be read. */
    public static final String INVALID_RESOLUTION = "INVALID_REVIEW_RESOLUTION";

    /** The earliest Kafka timestamp (epoch ms) of the records, null when none has one: the batch's latency budget. */
    /** The Kafka timestamps (epoch ms) of the oldest and the newest record, or null when none has one. */
    private static long[] timestampSpan(List<Exchange> records) {
        long oldest = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        for (Exchange record : records) {
            Long timestamp = record.getMessage().getHeader(KafkaConstants.TIMESTAMP, Long.class);
            if (timestamp != null && timestamp > 0) {
                oldest = Math.min(oldest, timestamp);
                newest = Math.max(newest, timestamp);
            }
        }
        return oldest == Long.MAX_VALUE ? null : new long[] {oldest, newest};
    }

    /** The consumed records: the batch of a batching consumer, or the exchange itself for a single record. */
    @SuppressWarnings("unchecked")
    static List<Exchange> records(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof List<?> list && (list.isEmpty() || list.get(0) instanceof Exchange)) {
            return (List<Exchange>) list;
        }
        // an exchange of the Kafka consumer that holds no record is its poll's failure, which Camel hands to the
        // route's error handling (a broker refusing the login or the certificate): nothing to dead-letter or commit;
        // the connection check (readiness component kafka) says what failed, in one line
        if (exchange.getMessage().getHeader(KafkaConstants.TOPIC) == null) {
            return List.of();
        }
        return List.of(exchange);
    }

    /** The record's own Kafka headers, where the CloudEvents binary mode keeps the attributes ({@code ce_*}). */
    private static org.apache.kafka.common.header.Headers headers(Exchange record) {
        return record.getMessage().getHeader(KafkaConstants.HEADERS, org.apache.kafka.common.header.Headers.class);
    }

    /**
     * The dead letter a replayed record names (the console's replay sets the header, signed), so its outcome links
     * back; a reference without the service's signature is a producer's, and not taken.
     */
    private String replayOf(Exchange record, byte[] value) {
        String text = text(record, RecordOrigin.REPLAY_OF_HEADER);
        if (text == null || text.isBlank() || !signed(record, RecordOrigin.REPLAY_OF_HEADER, text, value)) {
            return null;
        }
        return io.switchboard.model.Texts.cut(text, 300);
    }

    private RecordOrigin origin(Exchange record) {
        var m = record.getMessage();
        Object key = m.getHeader(KafkaConstants.KEY);
        List<RecordOrigin.Header> headers = new ArrayList<>();
        org.apache.kafka.common.header.Headers kafkaHeaders = headers(record);
        if (kafkaHeaders != null) {
            kafkaHeaders.forEach(h -> headers.add(new RecordOrigin.Header(h.key(), h.value())));
        }
        byte[] value = m.getBody(byte[].class);
        return new RecordOrigin(
                m.getHeader(KafkaConstants.TOPIC, String.class),
                m.getHeader(KafkaConstants.PARTITION, 0, Integer.class),
                m.getHeader(KafkaConstants.OFFSET, 0L, Long.class),
                key == null ? null : record.getContext().getTypeConverter().convertTo(String.class, key),
                value,
                headers,
                replayOf(record, value));
    }
}
