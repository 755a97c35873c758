package io.switchboard.ingress;

import io.cloudevents.core.message.Encoding;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import io.switchboard.event.EventParser;
import io.switchboard.event.EventRejection;
import io.switchboard.ingress.auth.IngressRequest;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The CloudEvents HTTP protocol binding, through the CloudEvents SDK ({@link HttpMessageFactory}): structured mode
 * ({@code application/cloudevents+json}), batched mode ({@code application/cloudevents-batch+json}, a JSON array of
 * structured events) and binary mode ({@code ce-*} headers, the data in the body). Each event is then held to the
 * contract by {@link EventParser}, as strictly as on Kafka.
 */
@Component
public class HttpBinding {

    static final String STRUCTURED = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";

    private static final String WHAT_TO_SEND = "The request is no CloudEvent: send Content-Type " + STRUCTURED
            + " (one event), " + BATCH + " (a JSON array of events), or ce-specversion, ce-id, ce-source, ce-type and "
            + "ce-time headers with the data as the JSON body (binary mode).";

    private final EventParser parser;

    public HttpBinding(EventParser parser) {
        this.parser = parser;
    }

    /** Each event's answer, in order; one answer for a body that is no event at all. */
    public List<EventParser.ParsedEvent> read(IngressRequest request) {
        String media = request.mediaType();
        if (BATCH.equals(media)) {
            EventParser.Batch batch = parser.parseBatch(request.body());
            return batch.rejection() != null ? List.of(batch.rejection()) : batch.events();
        }
        if (STRUCTURED.equals(media)) {
            return List.of(parser.parse(request.body()));
        }
        MessageReader reader;
        try {
            reader = HttpMessageFactory.createReader(headers(request), request.body());
        } catch (RuntimeException e) {
            // the SDK finds neither a CloudEvents content type nor ce-specversion
            return List.of(refused(WHAT_TO_SEND));
        }
        if (reader.getEncoding() != Encoding.BINARY) {
            return List.of(refused(WHAT_TO_SEND));
        }
        for (String name : request.headers().keySet()) {
            if (name.startsWith("ce-") && request.headers().get(name).size() != 1) {
                return List.of(refused("The request carries the header " + name + " twice; each CloudEvents attribute is given once."));
            }
        }
        try {
            return List.of(parser.parseBinary(reader.toEvent()));
        } catch (RuntimeException e) {
            return List.of(refused("The request's ce-* headers are no CloudEvent (" + io.switchboard.model.Texts.cut(String.valueOf(e.getMessage()), 300)
                    + "); binary mode needs ce-specversion 1.0, ce-id, ce-source, ce-type and ce-time."));
        }
    }

    private static java.util.function.Consumer<java.util.function.BiConsumer<String, String>> headers(IngressRequest request) {
        return sink -> {
            for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
                if (!header.getValue().isEmpty()) {
                    sink.accept(header.getKey(), header.getValue().get(0));
                }
            }
        };
    }

    private static EventParser.ParsedEvent refused(String message) {
        return EventParser.ParsedEvent.rejected(new EventRejection(EventRejection.SCHEMA_VIOLATION, message));
    }
}
