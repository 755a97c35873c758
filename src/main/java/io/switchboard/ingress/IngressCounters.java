package io.switchboard.ingress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Per-producer counts of what the ingress did with each event or request, in metrics as
 * {@code switchboard_ingress_events_total{producer,result,reason}}: result {@code accepted}, {@code rejected}
 * (reason: the contract's code, {@code unauthorized}, {@code too-large}, {@code refused}, {@code unavailable}) or
 * {@code ignored} (reason: the vendor's event name as the mapping file lists it, or {@code unmapped}). Reasons are
 * a bounded set, never a text from the request.
 */
@Component
public class IngressCounters {

    public static final String NAME = "switchboard.ingress.events";

    private final MeterRegistry registry;

    public IngressCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(String producer, String result, String reason, int events) {
        Counter.builder(NAME).description("Events the webhook ingress accepted, rejected or ignored, per producer")
                .tag("producer", producer).tag("result", result).tag("reason", reason)
                .register(registry).increment(events);
    }
}
