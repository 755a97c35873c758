package io.switchboard.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Turns a Kafka record value into an {@link InteractionEvent}, holding it to the published JSON Schema
 * ({@code contract/interaction-event.schema.json}). Never throws for bad input: it answers with a rejection.
 */
@Component
public class EventParser {

    public static final String SCHEMA_RESOURCE = "/contract/interaction-event.schema.json";

    private final ObjectMapper json;
    private final JsonSchema schema;

    public EventParser(ObjectMapper json) {
        this.json = json;
        this.schema = loadSchema();
    }

    public ParsedEvent parse(byte[] value) {
        if (value == null || value.length == 0) {
            return ParsedEvent.rejected(new EventRejection(EventRejection.UNPARSEABLE,
                    "The record has no value; publish one CloudEvents JSON object per record."));
        }
        JsonNode tree;
        try {
            tree = json.readTree(value);
        } catch (JsonProcessingException e) {
            return ParsedEvent.rejected(new EventRejection(EventRejection.UNPARSEABLE,
                    "The record value is not valid JSON (" + e.getOriginalMessage() + " at line "
                            + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                            + "); publish one CloudEvents JSON object per record."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tree == null || !tree.isObject()) {
            return ParsedEvent.rejected(new EventRejection(EventRejection.UNPARSEABLE,
                    "The record value is JSON but not an object; publish one CloudEvents JSON object per record."));
        }
        Set<ValidationMessage> problems = schema.validate(tree);
        if (!problems.isEmpty()) {
            String listed = problems.stream().map(ValidationMessage::getMessage).sorted()
                    .collect(Collectors.joining("; "));
            return ParsedEvent.rejected(new EventRejection(EventRejection.SCHEMA_VIOLATION,
                    "The event breaks the interaction event contract: " + listed));
        }
        OffsetDateTime time;
        try {
            time = OffsetDateTime.parse(tree.get("time").asText());
        } catch (DateTimeParseException e) {
            return ParsedEvent.rejected(new EventRejection(EventRejection.SCHEMA_VIOLATION,
                    "$.time is not an RFC 3339 date-time: " + tree.get("time").asText()));
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
