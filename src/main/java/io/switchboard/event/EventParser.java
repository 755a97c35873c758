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
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Turns a CloudEvent, structured (one JSON value) or binary (attributes read by a CloudEvents protocol binding,
 * data as bytes), into an {@link InteractionEvent}, holding the whole event to the published JSON
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

    /** A structured-mode event: the whole CloudEvent, envelope and data, as one JSON object. */
    public ParsedEvent parse(byte[] value) {
        if (value == null || value.length == 0) {
            return rejected(EventRejection.UNPARSEABLE, "The record has no value; publish one CloudEvents JSON object per record.");
        }
        StrictRead read = readObject(value, "record value");
        return read.rejection() != null ? read.rejection() : validated(TextSanitizer.sanitize(read.tree()));
    }

    /**
     * A binary-mode event, as a CloudEvents protocol binding (the SDK's Kafka or HTTP reader) read it: the
     * attributes from headers, the data from the payload. The data is held to the same strictness as a
     * structured record's value (strict UTF-8, one JSON object, depth, size, no member twice), and the event,
     * envelope and data together, to the same JSON Schema.
     */
    public ParsedEvent parseBinary(CloudEvent event) {
        String contentType = event.getDataContentType();
        if (contentType != null && !isJson(contentType)) {
            return rejected(EventRejection.SCHEMA_VIOLATION, "The event's data is " + io.switchboard.model.Texts.cut(contentType, 100)
                    + "; the contract's data is a JSON object (datacontenttype application/json).");
        }
        byte[] data = event.getData() == null ? null : event.getData().toBytes();
        if (data == null || data.length == 0) {
            return rejected(EventRejection.SCHEMA_VIOLATION, "The event has no data; in binary mode the record value "
                    + "(the request body over HTTP) is the event's data, one JSON object.");
        }
        StrictRead read = readObject(data, "event's data");
        if (read.rejection() != null) {
            return read.rejection();
        }
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.put("specversion", event.getSpecVersion().toString());
        envelope.put("id", event.getId());
        envelope.put("source", event.getSource() == null ? null : event.getSource().toString());
        envelope.put("type", event.getType());
        if (event.getTime() != null) {
            envelope.put("time", event.getTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        if (event.getSubject() != null) {
            envelope.put("subject", event.getSubject());
        }
        if (contentType != null) {
            envelope.put("datacontenttype", contentType);
        }
        if (event.getDataSchema() != null) {
            envelope.put("dataschema", event.getDataSchema().toString());
        }
        for (String name : event.getExtensionNames()) {
            envelope.put(name, String.valueOf(event.getExtension(name)));
        }
        envelope.set("data", read.tree());
        return validated(TextSanitizer.sanitize(envelope));
    }

    /** application/json, or any JSON-based media type (+json), with parameters such as charset. */
    private static boolean isJson(String contentType) {
        String media = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return media.equals("application/json") || media.endsWith("+json");
    }

    /**
     * A batch of structured-mode events (the CloudEvents JSON batch format, {@code application/cloudevents-batch+json}):
     * one JSON array, read as strictly as one event, each element held to the contract on its own. Either the
     * whole batch could not be read ({@link Batch#rejection()}), or each element has its own answer, in order.
     */
    public Batch parseBatch(byte[] value) {
        if (value == null || value.length == 0) {
            return new Batch(List.of(), rejected(EventRejection.UNPARSEABLE, "The batch is empty; send one JSON array of CloudEvents JSON objects."));
        }
        StrictRead read = readValue(value, "batch");
        if (read.rejection() != null) {
            return new Batch(List.of(), read.rejection());
        }
        if (!read.tree().isArray()) {
            return new Batch(List.of(), rejected(EventRejection.UNPARSEABLE, "The batch is JSON but not an array; send one JSON array of CloudEvents JSON objects."));
        }
        List<ParsedEvent> events = new java.util.ArrayList<>();
        for (JsonNode element : read.tree()) {
            events.add(element.isObject() ? validated(TextSanitizer.sanitize(element))
                    : rejected(EventRejection.UNPARSEABLE, "This batch element is JSON but not an object; each element is one CloudEvents JSON object."));
        }
        return new Batch(events, null);
    }

    /** The answer for a batch: the events' answers in order, or why the batch as a whole could not be read. */
    public record Batch(List<ParsedEvent> events, ParsedEvent rejection) {
    }

    /** One JSON object in strict UTF-8 within the limits, or the rejection saying what is wrong with {@code what}. */
    private StrictRead readObject(byte[] value, String what) {
        StrictRead read = readValue(value, what);
        if (read.rejection() == null && !read.tree().isObject()) {
            return StrictRead.refused(rejected(EventRejection.UNPARSEABLE, "The " + what + " is JSON but not an object; publish one CloudEvents JSON object per record."));
        }
        return read;
    }

    /** One JSON value in strict UTF-8 within the limits, or the rejection saying what is wrong with {@code what}. */
    private StrictRead readValue(byte[] value, String what) {
        if (value.length > MAX_RECORD_BYTES) {
            return StrictRead.refused(rejected(EventRejection.TOO_LARGE, "The " + what + " is " + value.length + " bytes; the contract allows "
                    + MAX_RECORD_BYTES + ". Keep large content (recordings, attachments) outside the event and link to it."));
        }
        if (!isUtf8(value)) {
            return StrictRead.refused(rejected(EventRejection.UNPARSEABLE, "The " + what + " is not valid JSON: it is not UTF-8 (a byte "
                    + "sequence no UTF-8 encoder writes, such as an encoded surrogate or an overlong form); publish "
                    + "exactly one CloudEvents JSON object per record, in UTF-8."));
        }
        JsonNode tree;
        try {
            tree = reader.readTree(value);
        } catch (StreamConstraintsException e) {
            return StrictRead.refused(tooComplex(e, what));
        } catch (JsonProcessingException e) {
            return StrictRead.refused(rejected(EventRejection.UNPARSEABLE, "The " + what + " is not valid JSON as one value (" + e.getOriginalMessage()
                    + where(e.getLocation()) + "); publish exactly one CloudEvents JSON object per record."));
        } catch (IOException | RuntimeException e) {
            return StrictRead.refused(rejected(EventRejection.UNPARSEABLE, "The " + what + " cannot be read as JSON (" + e.getClass().getSimpleName()
                    + "); publish exactly one CloudEvents JSON object per record, in UTF-8."));
        }
        if (tree == null || tree.isMissingNode()) {
            return StrictRead.refused(rejected(EventRejection.UNPARSEABLE, "The " + what + " holds no JSON value; publish one CloudEvents JSON object per record."));
        }
        return new StrictRead(tree, null);
    }

    private record StrictRead(JsonNode tree, ParsedEvent rejection) {
        static StrictRead refused(ParsedEvent rejection) {
            return new StrictRead(null, rejection);
        }
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
        return ParsedEvent.accepted(tree, new InteractionEvent(
                tree.get("id").asText(),
                tree.get("source").asText(),
                tree.get("type").asText(),
                time,
                subject == null || subject.isNull() ? null : subject.asText(),
                tree.get("data")));
    }

    private static ParsedEvent tooComplex(StreamConstraintsException e, String what) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.toLowerCase(java.util.Locale.ROOT).contains("nesting")) {
            return rejected(EventRejection.TOO_DEEP, "The " + what + " nests objects and arrays deeper than "
                    + MAX_NESTING_DEPTH + " levels; the contract needs five. Flatten the producer's extra members.");
        }
        return rejected(EventRejection.TOO_LARGE, "The " + what + " holds a number or text larger than a JSON reader "
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

    /**
     * Either an event or the reason there is none; with the event, the whole CloudEvent as it was held to the
     * contract ({@code envelope}: every attribute, the producer's extensions among them, and {@code data}, in
     * structured form), so that what is passed on keeps what the producer sent.
     */
    public record ParsedEvent(InteractionEvent event, EventRejection rejection, JsonNode envelope) {

        public ParsedEvent(InteractionEvent event, EventRejection rejection) {
            this(event, rejection, null);
        }

        static ParsedEvent accepted(JsonNode envelope, InteractionEvent event) {
            return new ParsedEvent(event, null, envelope);
        }

        public static ParsedEvent rejected(EventRejection rejection) {
            return new ParsedEvent(null, rejection, null);
        }
    }
}
