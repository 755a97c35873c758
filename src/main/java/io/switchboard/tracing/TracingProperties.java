package io.switchboard.tracing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param otlpEndpoint where traces go, an OTLP/HTTP collector (e.g. {@code http://otel-collector:4318}); blank (the
 *                     default): tracing is off and costs nothing. config/application.yaml takes it from the
 *                     standard {@code OTEL_EXPORTER_OTLP_ENDPOINT}.
 * @param serviceName  the {@code service.name} of every span
 */
@ConfigurationProperties("switchboard.tracing")
public record TracingProperties(@DefaultValue("") String otlpEndpoint,
                                @DefaultValue("switchboard") String serviceName) {

    public boolean enabled() {
        return otlpEndpoint != null && !otlpEndpoint.isBlank();
    }
}
