package io.switchboard.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.switchboard.model.Decision;
import io.switchboard.model.Failure;
import io.switchboard.model.Interaction;
import io.switchboard.model.InteractionEvent;
import io.switchboard.model.RecordOrigin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Processor;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Traces per interaction with the real OpenTelemetry SDK, exporting to memory. */
class InteractionTracingTest {

    private static final String PRODUCER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PRODUCER_SPAN = "00f067aa0ba902b7";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final InteractionTracing tracing = new InteractionTracing(provider.get("test"),
            ContextPropagators.create(W3CTraceContextPropagator.getInstance()));

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void eachInteractionIsATraceContinuingTheProducersWithTheSalesforceRequestsOfItsBatch() {
        Interaction traced = interaction(0, "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"traceparent\":\"00-" + PRODUCER_TRACE
                + "-" + PRODUCER_SPAN + "-01\",\"data\":{}}");
        Interaction untraced = interaction(1, "{\"specversion\":\"1.0\",\"id\":\"e-2\",\"data\":{}}");
        BatchTrace trace = tracing.start(List.of(traced, untraced));
        Instant started = Instant.parse("2026-12-02T10:00:00Z");
        try (Scope ignored = Context.current().with(BatchTrace.KEY, trace).makeCurrent()) {
            tracing.answered("query", started, started.plusMillis(120), "ok");
            tracing.answered("save composite", started.plusMillis(200), started.plusMillis(300), "UNABLE_TO_LOCK_ROW");
        }
        tracing.answered("describe", started, started, "ok"); // no batch current: in no interaction's trace
        tracing.finish(trace, List.of(traced.delivered(null), untraced.failedWith(new Failure("UNABLE_TO_LOCK_ROW", "row locked", "deliver"))));

        List<SpanData> spans = exported.getFinishedSpanItems();
        assertThat(spans).hasSize(6);
        SpanData first = span(spans, "e-1");
        assertThat(first.getTraceId()).isEqualTo(PRODUCER_TRACE);
        assertThat(first.getParentSpanId()).isEqualTo(PRODUCER_SPAN);
        assertThat(first.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(first.getAttributes().asMap().toString()).contains("switchboard.decision=delivered")
                .contains("messaging.destination.name=interactions.calls");
        SpanData second = span(spans, "e-2");
        assertThat(second.getTraceId()).isNotEqualTo(PRODUCER_TRACE);
        assertThat(second.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);

        for (SpanData interaction : List.of(first, second)) {
            List<SpanData> requests = spans.stream()
                    .filter(s -> s.getParentSpanId().equals(interaction.getSpanId())).toList();
            assertThat(requests).extracting(SpanData::getName).containsExactlyInAnyOrder("salesforce query",
                    "salesforce save composite");
            assertThat(requests).allSatisfy(r -> {
                assertThat(r.getTraceId()).isEqualTo(interaction.getTraceId());
                assertThat(r.getKind()).isEqualTo(SpanKind.CLIENT);
                assertThat(r.getAttributes().asMap().toString()).contains("switchboard.batch.interactions=2");
            });
            SpanData query = requests.stream().filter(r -> r.getName().equals("salesforce query")).findFirst().orElseThrow();
            assertThat(query.getEndEpochNanos() - query.getStartEpochNanos()).isEqualTo(120_000_000L);
        }
    }

    @Test
    void aBinaryModeRecordsTraceparentHeaderIsContinuedToo() {
        RecordOrigin origin = new RecordOrigin("interactions.calls", 0, 7, "k", "{}".getBytes(StandardCharsets.UTF_8),
                List.of(new RecordOrigin.Header("ce_traceparent", ("00-" + PRODUCER_TRACE + "-" + PRODUCER_SPAN + "-01")
                        .getBytes(StandardCharsets.UTF_8))));
        Interaction binary = Interaction.received(origin, new InteractionEvent("e-1", "test", "call.inbound",
                OffsetDateTime.parse("2026-12-02T10:00:00Z"), "call-1", null));
        tracing.finish(tracing.start(List.of(binary)), List.of(binary.delivered(null)));
        assertThat(exported.getFinishedSpanItems()).singleElement().satisfies(s -> {
            assertThat(s.getTraceId()).isEqualTo(PRODUCER_TRACE);
            assertThat(s.getParentSpanId()).isEqualTo(PRODUCER_SPAN);
        });
    }

    @Test
    void aBatchesTraceIsCurrentWhileItsBeanStepsRunAndOnlyThen() throws Exception {
        TraceScopeStrategy strategy = new TraceScopeStrategy();
        BatchTrace trace = tracing.start(List.of(interaction(0, "{}")));
        BatchTrace[] seen = new BatchTrace[2];
        Processor step = exchange -> seen[0] = BatchTrace.current();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            DefaultExchange exchange = new DefaultExchange(camel);
            exchange.setProperty(BatchTrace.PROPERTY, trace);
            Processor wrapped = strategy.wrapProcessorInInterceptors(camel, new BeanDefinition(), step, null);
            // asynchronous, so Camel keeps its asynchronous routing engine (and has nothing to warn about)
            assertThat(wrapped).isInstanceOf(AsyncProcessor.class);
            boolean[] done = new boolean[1];
            assertThat(((AsyncProcessor) wrapped).process(exchange, doneSync -> done[0] = doneSync)).isTrue();
            assertThat(done[0]).isTrue();
            assertThat(strategy.wrapProcessorInInterceptors(camel, new ToDefinition("kafka:out"), step, null)).isSameAs(step);
        }
        seen[1] = BatchTrace.current();
        assertThat(seen[0]).isSameAs(trace);
        assertThat(seen[1]).isNull();
    }

    private static SpanData span(List<SpanData> spans, String eventId) {
        return spans.stream().filter(s -> eventId.equals(s.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("cloudevents.event_id")).map(e -> e.getValue().toString())
                .findFirst().orElse(null))).findFirst().orElseThrow();
    }

    private static Interaction interaction(long offset, String value) {
        String id = value.contains("e-1") ? "e-1" : "e-2";
        RecordOrigin origin = new RecordOrigin("interactions.calls", 0, offset, "k", value.getBytes(StandardCharsets.UTF_8));
        return Interaction.received(origin, new InteractionEvent(id, "test", "call.inbound",
                OffsetDateTime.parse("2026-12-02T10:00:00Z"), "call-1", null));
    }
}
