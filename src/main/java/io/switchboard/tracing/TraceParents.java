package io.switchboard.tracing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.switchboard.model.RecordOrigin;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The producer's trace context of a record, to continue it: the CloudEvents distributed-tracing extension
 * ({@code traceparent}, {@code tracestate}) as a member of a structured-mode value, or a record header
 * ({@code ce_traceparent} in binary mode, or the plain W3C {@code traceparent} header Kafka instrumentations write).
 * Invalid values are ignored by the W3C propagator: the interaction then starts a trace of its own.
 */
final class TraceParents {

    private static final JsonFactory JSON = new JsonFactory();
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final TextMapPropagator propagator;

    TraceParents(TextMapPropagator propagator) {
        this.propagator = propagator;
    }

    Context of(RecordOrigin origin) {
        Map<String, String> carrier = new HashMap<>();
        fromValue(origin.value(), carrier);
        for (RecordOrigin.Header header : origin.headers()) {
            String name = header.name().startsWith("ce_") ? header.name().substring(3) : header.name();
            if ((name.equals("traceparent") || name.equals("tracestate")) && header.value() != null) {
                carrier.putIfAbsent(name, new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return carrier.isEmpty() ? Context.root() : propagator.extract(Context.root(), carrier, GETTER);
    }

    /** The top-level traceparent and tracestate members, read without building the whole tree. */
    private static void fromValue(byte[] value, Map<String, String> carrier) {
        if (value == null || value.length == 0) {
            return;
        }
        try (JsonParser parser = JSON.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if ((name.equals("traceparent") || name.equals("tracestate")) && token == JsonToken.VALUE_STRING) {
                    carrier.put(name, parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            // not JSON: the parser's dead letter says why; no trace context to continue
        }
    }
}
