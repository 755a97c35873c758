package io.switchboard.event;

import io.cloudevents.core.message.Encoding;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.stereotype.Component;

/**
 * A Kafka record as the CloudEvents Kafka protocol binding reads it, through the CloudEvents SDK
 * ({@link KafkaMessageFactory}): <em>structured mode</em> (the value is the whole event, {@code content-type}
 * {@code application/cloudevents+json} or no content type at all) or <em>binary mode</em> (the attributes in
 * {@code ce_*} headers, the data in the value, its media type in {@code content-type}). The SDK decides the mode
 * and maps headers to attributes; {@link EventParser} then holds the event to the contract, equally strictly in both
 * modes. The SDK's own JSON reading is more lenient than the contract (it keeps the last of a member given twice),
 * so a structured value is read by {@link EventParser} and never by the SDK's JSON format.
 */
@Component
public class KafkaBinding {

    private static final String CONTENT_TYPE = "content-type";
    private static final String ATTRIBUTE_PREFIX = "ce_";

    private final EventParser parser;

    public KafkaBinding(EventParser parser) {
        this.parser = parser;
    }

    public EventParser.ParsedEvent read(Headers headers, byte[] value) {
        if (headers == null) {
            return parser.parse(value);
        }
        EventRejection headerProblem = headerProblem(headers);
        if (headerProblem != null) {
            return EventParser.ParsedEvent.rejected(headerProblem);
        }
        if (!markedAsCloudEvent(headers)) {
            // no content-type of a CloudEvents format and no ce_specversion: the value is the whole event, as the
            // contract has always had it (the SDK refuses such a record as of no known encoding)
            return parser.parse(value);
        }
        MessageReader reader;
        try {
            reader = KafkaMessageFactory.createReader(headers, value);
        } catch (RuntimeException e) {
            return schemaViolation("The record's content-type names a CloudEvents format Switchboard does not read ("
                    + io.switchboard.model.Texts.cut(String.valueOf(e.getMessage()), 300)
                    + "); publish application/cloudevents+json (structured mode) or ce_* headers with JSON data (binary mode).");
        }
        if (reader.getEncoding() == Encoding.BINARY) {
            io.cloudevents.CloudEvent event;
            try {
                event = reader.toEvent();
            } catch (RuntimeException e) {
                return schemaViolation("The record's ce_* headers are no CloudEvent (" + io.switchboard.model.Texts.cut(
                        String.valueOf(e.getMessage()), 300) + "); binary mode needs ce_specversion 1.0, ce_id, ce_source, "
                        + "ce_type and ce_time, the data in the value.");
            }
            return parser.parseBinary(event);
        }
        // structured, or no CloudEvents headers at all: the value is the whole event, as it always was
        return parser.parse(value);
    }

    private static boolean markedAsCloudEvent(Headers headers) {
        Header contentType = headers.lastHeader(CONTENT_TYPE);
        if (contentType != null && contentType.value() != null && new String(contentType.value(), StandardCharsets.UTF_8)
                .trim().toLowerCase(Locale.ROOT).startsWith("application/cloudevents")) {
            return true;
        }
        for (Header header : headers) {
            if (header.key().equalsIgnoreCase(ATTRIBUTE_PREFIX + "specversion")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Headers are attributes, and an attribute given twice has no one meaning (as a JSON member given twice has
     * none); their text must be strict UTF-8, since the SDK would otherwise decode a broken byte as U+FFFD.
     */
    private static EventRejection headerProblem(Headers headers) {
        Set<String> seen = new HashSet<>();
        for (Header header : headers) {
            String name = header.key().toLowerCase(Locale.ROOT);
            if (!name.startsWith(ATTRIBUTE_PREFIX) && !name.equals(CONTENT_TYPE)) {
                continue;
            }
            if (!seen.add(name)) {
                return new EventRejection(EventRejection.SCHEMA_VIOLATION, "The record carries the header "
                        + io.switchboard.model.Texts.cut(header.key(), 100) + " twice; each CloudEvents attribute is given once.");
            }
            if (header.value() != null && !isUtf8(header.value())) {
                return new EventRejection(EventRejection.SCHEMA_VIOLATION, "The record's header "
                        + io.switchboard.model.Texts.cut(header.key(), 100) + " is not UTF-8 text; CloudEvents attributes are UTF-8.");
            }
        }
        return null;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static EventParser.ParsedEvent schemaViolation(String message) {
        return EventParser.ParsedEvent.rejected(new EventRejection(EventRejection.SCHEMA_VIOLATION, message));
    }
}
