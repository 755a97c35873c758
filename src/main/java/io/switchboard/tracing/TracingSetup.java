package io.switchboard.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * OpenTelemetry for the service: an SDK exporting over OTLP/HTTP when an endpoint is configured, otherwise the
 * no-op implementation (tracing off). Camel's OpenTelemetry support (camel-opentelemetry-starter) takes the tracer
 * and propagators from here for its route spans, one per batch; {@link InteractionTracing} adds one trace per
 * interaction.
 */
@Configuration
class TracingSetup {

    private static final Logger log = LoggerFactory.getLogger(TracingSetup.class);
    static final String INSTRUMENTATION = "io.switchboard";

    @Bean(destroyMethod = "")
    OpenTelemetry openTelemetry(TracingProperties properties) {
        if (!properties.enabled()) {
            return OpenTelemetry.noop();
        }
        String endpoint = properties.otlpEndpoint().replaceAll("/+$", "");
        if (!endpoint.endsWith("/v1/traces")) {
            endpoint = endpoint + "/v1/traces";
        }
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), properties.serviceName()))))
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build()).build())
                .build();
        log.info("Tracing on: spans go to {}", endpoint);
        return OpenTelemetrySdk.builder().setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    }

    @Bean
    Tracer tracer(OpenTelemetry openTelemetry) {
        return openTelemetry.getTracer(INSTRUMENTATION);
    }

    /** W3C trace context always, so a producer's traceparent is continued even when spans go nowhere. */
    @Bean
    ContextPropagators contextPropagators() {
        return ContextPropagators.create(W3CTraceContextPropagator.getInstance());
    }

    /** Ends the SDK (flushing what is buffered) when the service stops. */
    @Bean
    org.springframework.beans.factory.DisposableBean openTelemetryShutdown(OpenTelemetry openTelemetry) {
        return () -> {
            if (openTelemetry instanceof OpenTelemetrySdk sdk) {
                sdk.close();
            }
        };
    }
}
