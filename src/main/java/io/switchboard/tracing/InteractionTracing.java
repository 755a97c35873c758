package io.switchboard.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.switchboard.model.Decision;
import io.switchboard.model.Interaction;
import io.switchboard.privacy.Pii;
import io.switchboard.salesforce.RequestObserver;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * One trace per interaction: a span from the moment its record enters a batch to its outcome, continuing the
 * producer's trace where the record carries one ({@link TraceParents}), linked to Camel's span of the batch. A
 * Salesforce request serves a whole batch, and a span has one parent, so each request is shown in the trace of every
 * interaction of the batch it served, as a client span with the request's own start and end and
 * {@code switchboard.batch.interactions} saying how many shared it. With tracing off every span is a no-op.
 */
@Component("tracing")
public class InteractionTracing implements RequestObserver {

    private final Tracer tracer;
    private final TraceParents parents;
    /** Spans begun and not yet ended, by record; bounded, the oldest dropped (a record whose outcome never came). */
    private final Map<String, Span> open = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Span> eldest) {
            return size() > OPEN_SPANS;
        }
    });
    private static final int OPEN_SPANS = 50_000;

    public InteractionTracing(Tracer tracer, ContextPropagators propagators) {
        this.tracer = tracer;
        this.parents = new TraceParents(propagators.getTextMapPropagator());
    }

    /**
     * A batch's interactions enter the stages: their spans start (a record tried again keeps the span it had). The
     * batch's trace is current for its steps; the spans wait here, by record, for the outcomes, which each consumer
     * thread records on an exchange of its own.
     */
    public void begin(Exchange exchange) {
        List<Interaction> batch = batch(exchange);
        Map<String, Span> spans = new LinkedHashMap<>();
        List<Interaction> fresh = new java.util.ArrayList<>();
        for (Interaction interaction : batch) {
            Span known = open.get(interaction.origin().describe());
            if (known != null) {
                spans.put(interaction.origin().describe(), known);
            } else {
                fresh.add(interaction);
            }
        }
        BatchTrace started = start(fresh);
        started.byRecord().forEach(open::put);
        spans.putAll(started.byRecord());
        exchange.setProperty(BatchTrace.PROPERTY, new BatchTrace(spans));
    }

    BatchTrace start(List<Interaction> batch) {
        Span camelBatch = Span.current();
        Map<String, Span> spans = new LinkedHashMap<>();
        for (Interaction interaction : batch) {
            var origin = interaction.origin();
            var builder = tracer.spanBuilder("interaction " + (interaction.event() == null ? "unparseable" : interaction.event().type()))
                    .setSpanKind(SpanKind.CONSUMER)
                    .setParent(parents.of(origin))
                    .setAttribute("messaging.system", "kafka")
                    .setAttribute("messaging.destination.name", origin.topic())
                    .setAttribute("messaging.kafka.destination.partition", (long) origin.partition())
                    .setAttribute("messaging.kafka.message.offset", origin.offset());
            if (camelBatch.getSpanContext().isValid()) {
                builder.addLink(camelBatch.getSpanContext());
            }
            if (interaction.event() != null) {
                builder.setAttribute("cloudevents.event_id", interaction.event().id())
                        .setAttribute("cloudevents.event_type", interaction.event().type())
                        .setAttribute("cloudevents.event_source", interaction.event().source());
            }
            spans.put(origin.describe(), builder.startSpan());
        }
        return new BatchTrace(spans);
    }

    /** The batch's outcomes are decided: each span ends with its decision, the records written, and any failure. */
    public void end(Exchange exchange) {
        List<Interaction> batch = batch(exchange);
        Map<String, Span> spans = new LinkedHashMap<>();
        List<Interaction> unseen = new java.util.ArrayList<>();
        for (Interaction interaction : batch) {
            Span span = open.remove(interaction.origin().describe());
            if (span != null) {
                spans.put(interaction.origin().describe(), span);
            } else {
                unseen.add(interaction);
            }
        }
        // records that never reached the stages (unreadable, or failed before them) get a span of their outcome
        spans.putAll(start(unseen).byRecord());
        finish(new BatchTrace(spans), batch);
        exchange.removeProperty(BatchTrace.PROPERTY);
    }

    void finish(BatchTrace trace, List<Interaction> batch) {
        for (Interaction interaction : batch) {
            Span span = trace.byRecord().get(interaction.origin().describe());
            if (span == null) {
                continue;
            }
            Decision decision = interaction.decision();
            span.setAttribute("switchboard.decision", decision == null ? "none" : decision.label());
            interaction.written().forEach(w -> span.addEvent(w.action() + " " + w.sObject() + " " + w.id()));
            if (interaction.failure() != null) {
                span.setAttribute("switchboard.error.code", interaction.failure().code());
            }
            if (decision == Decision.DEAD_LETTERED) {
                // reasons quote event data: masked as in the log
                span.setStatus(StatusCode.ERROR, Pii.mask(String.valueOf(interaction.reason())));
            }
            span.end();
        }
    }

    @Override
    public void answered(String operation, Instant started, Instant ended, String result) {
        BatchTrace trace = BatchTrace.current();
        if (trace == null) {
            return;
        }
        for (Span interaction : trace.byRecord().values()) {
            Span request = tracer.spanBuilder("salesforce " + operation)
                    .setSpanKind(SpanKind.CLIENT)
                    .setParent(Context.root().with(interaction))
                    .setStartTimestamp(started)
                    .setAttribute("switchboard.salesforce.result", result)
                    .setAttribute("switchboard.batch.interactions", (long) trace.byRecord().size())
                    .startSpan();
            if (!"ok".equals(result)) {
                request.setStatus(StatusCode.ERROR, result);
            }
            request.end(ended);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Interaction> batch(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        return body instanceof List<?> list && list.stream().allMatch(Interaction.class::isInstance)
                ? (List<Interaction>) list : List.of();
    }
}
