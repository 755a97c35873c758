package io.switchboard.event;

import io.switchboard.model.InteractionEvent;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Turns a Kafka record value into an {@link InteractionEvent}, holding the whole record to the published JSON
 * Schema ({@code contract/interaction-event.schema.json}): exactly one JSON object, no deeper than
 * {@link #MAX_NESTING_DEPTH}, no record larger than {@link #MAX_RECORD_BYTES}. Never throws for any input: it
 * answers with a rejection whose code and message say what was wrong.
 */
@Component
public class EventParser {

    public static final String SCHEMA_RESOURCE = "/contract/interaction-event.schema.json";
    /** Levels of objects and arrays a record may hold; the contract needs five, producers' extras get the rest. */
    public static final int MAX_NESTING_DEPTH = 32;
    /** A record larger than this (Kafka's default message limit) cannot have come through a default broker. */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;

    private final ObjectReader reader;
    private final JsonSchema schema;

    public EventParser(ObjectMapper json) {
        ObjectMapper strict = json.copy();
        strict.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
        // a member given twice has no one meaning: the record is refused rather than the last one kept
        strict.getFactory().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // Trailing content ("{...}}garbage", two events in one record) would otherwise be dropped unread.
        this.reader = strict.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.schema = loadSchema();
    }

    public ParsedEvent parse(byte[] value) {
        if (value == null || value.length == 0) {
            return rejected(EventRejection.UNPARSEABLE, "The record has no value; publish one CloudEvents JSON object per record.");
        }
        if (value.length > MAX_RECORD_BYTES) {
            return rejected(EventRejection.TOO_LARGE, "The record value is " + value.length + " bytes; the contract allows "
                    + MAX_RECORD_BYTES + ". Keep large content (recordings, attachments) outside the event and link to it.");
        }
        if (!isUtf8(value)) {
            return rejected(EventRejection.UNPARSEABLE, "The record value is not valid JSON: it is not UTF-8 (a byte "
                    + "sequence no UTF-8 encoder writes, such as an encoded surrogate or an overlong form); publish "
                    + "exactly one CloudEvents JSON object per record, in UTF-8.");
        }
        JsonNode tree;
        try {
            tree = reader.readTree(value);
        } catch (StreamConstraintsException e) {
            return tooComplex(e);
        } catch (JsonProcessingException e) {
            return rejected(EventRejection.UNPARSEABLE, "The record value is not valid JSON as one value (" + e.getOriginalMessage()
                    + where(e.getLocation()) + "); publish exactly one CloudEvents JSON object per record.");
        } catch (IOException | RuntimeException e) {
            return rejected(EventRejection.UNPARSEABLE, "The record value cannot be read as JSON (" + e.getClass().getSimpleName()
                    + "); publish exactly one CloudEvents JSON object per record, in UTF-8.");
        }
        if (tree == null || !tree.isObject()) {
            return rejected(EventRejection.UNPARSEABLE, "The record value is JSON but not an object; publish one CloudEvents JSON object per record.");
        }
        return validated(TextSanitizer.sanitize(tree));
    }

    private ParsedEvent validated(JsonNode tree) {
        for (String attribute : java.util.List.of("id", "source", "type", "subject")) {
            JsonNode value = tree.get(attribute);
            if (value != null && value.isTextual() && TextSanitizer.hasLoneSurrogate(value.textValue())) {
                return rejected(EventRejection.SCHEMA_VIOLATION, "$." + attribute + " holds a lone UTF-16 surrogate "
                        + "(an escape such as \\ud800 without its pair); envelope attributes are keys and must be "
                        + "valid Unicode text.");
            }
        }
        Set<ValidationMessage> problems = schema.validate(tree);
        if (!problems.isEmpty()) {
            String listed = problems.stream().map(ValidationMessage::getMessage).map(m -> io.switchboard.model.Texts.cut(m, 300)).sorted()
                    .limit(20).collect(Collectors.joining("; "));
            return rejected(EventRejection.SCHEMA_VIOLATION, "The event breaks the interaction event contract: " + listed);
        }
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(tree.get("time").asText());
        } catch (DateTimeParseException e) {
            return rejected(EventRejection.SCHEMA_VIOLATION, "$.time is not an RFC 3339 date-time: " + io.switchboard.model.Texts.cut(tree.get("time").asText(), 300));
        }
        JsonNode subject = tree.get("subject");
        return ParsedEvent.accepted(new InteractionEvent(
                tree.get("id").asText(),
                tree.get("source").asText(),
                tree.get("type").asText(),
                time,
                subject == null || subject.isNull() ? null : subject.asText(),
                tree.get("data")));
    }

    private static ParsedEvent tooComplex(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.toLowerCase(java.util.Locale.ROOT).contains("nesting")) {
            return rejected(EventRejection.TOO_DEEP, "The record value nests objects and arrays deeper than "
                    + MAX_NESTING_DEPTH + " levels; the contract needs five. Flatten the producer's extra members.");
        }
        return rejected(EventRejection.TOO_LARGE, "The record value holds a number or text larger than a JSON reader "
                + "accepts (" + io.switchboard.model.Texts.cut(message, 300) + "); keep large content outside the event and link to it.");
    }

    /**
     * Strictly UTF-8, as RFC 8259 requires of JSON between systems: the JSON reader alone lets encoded surrogates
     * (CESU-8, {@code ED A0 80}) through.
     */
    private static boolean isUtf8(byte[] value) {
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(value));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** Where the reader stopped, when it knows (constraint errors carry no location). */
    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static ParsedEvent rejected(String code, String message) {
        return ParsedEvent.rejected(new EventRejection(code, message));
    }

    private static JsonSchema loadSchema() {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = EventParser.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing event schema on the classpath: " + SCHEMA_RESOURCE);
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Either an event or the reason there is none. */
    public record ParsedEvent(InteractionEvent event, EventRejection rejection) {
        static ParsedEvent accepted(InteractionEvent event) {
            return new ParsedEvent(event, null);
        }

        static ParsedEvent rejected(EventRejection rejection) {
            return new ParsedEvent(null, rejection);
        }
    }
}
