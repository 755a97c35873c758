package io.switchboard.ingress;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.event.EventParser;
import io.switchboard.ingress.auth.AuthScheme;
import io.switchboard.ingress.auth.IngressRequest;
import io.switchboard.ingress.vendor.VendorAdapter;
import io.switchboard.ingress.vendor.VendorMapping;
import io.switchboard.ingress.vendor.VendorMappings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One request to the webhook ingress, answered at once: the producer's proof checked, its events read (CloudEvents
 * by the HTTP binding, or a vendor's webhook through its mapping), each held to the contract; then every event is
 * written to the producer's input topic and only then acknowledged. 202: stored; 200: a vendor event that means
 * nothing for Salesforce (so the vendor stops retrying); 4xx: nothing published, with the problems; 503 with
 * Retry-After: Kafka could not take it, and nothing is acknowledged that was not stored (a retry is harmless: the
 * same event twice changes nothing the second time).
 */
@Component
public class Ingress {

    private static final Logger log = LoggerFactory.getLogger(Ingress.class);
    private static final AuthScheme TOKEN = new AuthScheme.Bearer();
    private static final AuthScheme HMAC = new AuthScheme.HmacHeader("x-switchboard-signature", "HmacSHA256", "sha256=", false);

    private final IngressProperties settings;
    private final HttpBinding binding;
    private final EventParser parser;
    private final VendorMappings vendors;
    private final VendorAdapter adapter;
    private final IngressPublisher publisher;
    private final IngressCounters counters;
    private final ObjectMapper json;

    public Ingress(IngressProperties settings, HttpBinding binding, EventParser parser, VendorMappings vendors,
                   IngressPublisher publisher, IngressCounters counters, ObjectMapper json) {
        this.settings = settings;
        this.binding = binding;
        this.parser = parser;
        this.vendors = vendors;
        this.adapter = new VendorAdapter(json);
        this.publisher = publisher;
        this.counters = counters;
        this.json = json;
    }

    public IngressAnswer receive(IngressRequest request) {
        java.util.Optional<IngressAnswer> closed = closed(request.producer());
        if (closed.isPresent()) {
            return closed.get();
        }
        IngressProperties.Producer producer = settings.producers().get(request.producer());
        return producer.cloudEvents() ? cloudEvents(request, producer) : vendor(request, producer);
    }

    /**
     * The answer to a path no request is taken on, before anything of the request is read: no producer of that
     * name, or one without a secret (closed). Both are answered alike, so that a caller cannot tell which names are
     * configured; the log and the metrics tell the operator.
     */
    public java.util.Optional<IngressAnswer> closed(String name) {
        IngressProperties.Producer producer = settings.producers().get(name);
        if (producer != null && producer.hasSecret()) {
            return java.util.Optional.empty();
        }
        if (producer != null) {
            counters.count(name, "rejected", "closed", 1);
            log.warn("Ingress: a request to producer {} was refused: it has no secret configured "
                    + "(switchboard.ingress.producers.{}.secret), so it is closed", name, name);
        }
        return java.util.Optional.of(IngressAnswer.problem(404, "No such producer", "No producer takes requests "
                + "under this path.", null));
    }

    /** A body that did not arrive in full within the ingress's time for it, refused without waiting longer. */
    public IngressAnswer tooSlow(String producerName) {
        counters.count(producerName, "rejected", "too-slow", 1);
        return IngressAnswer.problem(408, "Body too slow", "The body did not arrive within "
                + settings.bodyTimeoutMs() + " ms (switchboard.ingress.body-timeout-ms); send it again in one go.", null);
    }

    /** A body whose reading failed: the caller went away, or its bytes were no valid HTTP body. */
    public IngressAnswer unreadable(String producerName, java.io.IOException e) {
        counters.count(producerName, "rejected", "unreadable", 1);
        log.info("Ingress: the body of a request to producer {} could not be read ({})", producerName,
                e.getClass().getSimpleName());
        return IngressAnswer.problem(400, "Body unreadable", "The request's body could not be read in full.", null);
    }

    /** A body larger than the limit, refused before it was read to its end. */
    public IngressAnswer tooLarge(String producerName) {
        if (settings.producers().containsKey(producerName)) {
            counters.count(producerName, "rejected", "too-large", 1);
        }
        return IngressAnswer.problem(413, "Body too large", "The body is larger than " + settings.maxBodyBytes()
                + " bytes, the ingress's limit (switchboard.ingress.max-body-bytes); keep large content outside the "
                + "event and link to it, or send fewer events per batch.", null);
    }

    private IngressAnswer cloudEvents(IngressRequest request, IngressProperties.Producer producer) {
        AuthScheme scheme = "hmac-sha256".equals(producer.auth()) ? HMAC : TOKEN;
        if (!scheme.verify(request, null, producer.secret(), producer.publicUrl())) {
            return unauthorized(request.producer());
        }
        List<EventParser.ParsedEvent> parsed = binding.read(request);
        List<Map<String, Object>> problems = new ArrayList<>();
        List<EventParser.ParsedEvent> events = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            EventParser.ParsedEvent p = parsed.get(i);
            if (p.rejection() != null) {
                Map<String, Object> problem = new LinkedHashMap<>();
                problem.put("index", i);
                problem.put("code", p.rejection().code());
                problem.put("message", p.rejection().message());
                problems.add(problem);
                counters.count(request.producer(), "rejected", p.rejection().code(), 1);
            } else {
                events.add(p);
            }
        }
        if (!problems.isEmpty()) {
            return IngressAnswer.problem(400, "Breaks the event contract", problems.size() + " of " + parsed.size()
                    + " events break the contract (docs/event-contract.md); nothing was published.", problems);
        }
        if (events.isEmpty()) {
            return IngressAnswer.problem(400, "No events", "The batch holds no event; nothing was published.", null);
        }
        return publish(request.producer(), producer, events);
    }

    private IngressAnswer vendor(IngressRequest request, IngressProperties.Producer producer) {
        VendorMapping mapping = vendors.find(producer.adapter()).orElseThrow();
        VendorAdapter.Adapted adapted = adapter.adapt(mapping, request, producer.secret(), producer.publicUrl());
        switch (adapted.kind()) {
            case UNAUTHORIZED:
                return unauthorized(request.producer());
            case REFUSED:
                counters.count(request.producer(), "rejected", "refused", 1);
                return IngressAnswer.problem(400, "Not a " + mapping.vendor() + " webhook this mapping reads", adapted.reason(), null);
            case IGNORED:
                boolean listed = mapping.ignore().containsKey(adapted.vendorEvent()) || mapping.mappingFor(adapted.vendorEvent()).isPresent();
                counters.count(request.producer(), "ignored", listed ? adapted.vendorEvent() : "unmapped", 1);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("ignored", adapted.vendorEvent());
                body.put("reason", adapted.reason());
                return IngressAnswer.of(200, body);
            default:
                EventParser.ParsedEvent parsed = parser.parse(adapted.event());
                if (parsed.rejection() != null) {
                    counters.count(request.producer(), "rejected", parsed.rejection().code(), 1);
                    return IngressAnswer.problem(400, "Breaks the event contract", "The event mapped from "
                            + mapping.vendor() + "'s " + adapted.vendorEvent() + " breaks the contract: "
                            + parsed.rejection().message() + " (the mapping: " + settings.vendors() + "/" + mapping.vendor() + ".yaml)", null);
                }
                return publish(request.producer(), producer, List.of(parsed));
        }
    }

    private IngressAnswer publish(String name, IngressProperties.Producer producer, List<EventParser.ParsedEvent> events) {
        List<IngressPublisher.Record> records = new ArrayList<>(events.size());
        for (EventParser.ParsedEvent event : events) {
            records.add(new IngressPublisher.Record(RecordKeys.of(event.envelope(), event.event()), structured(event)));
        }
        try {
            publisher.publish(producer.topic(), producer.brokers(), records);
        } catch (Exception e) {
            log.warn("Ingress: {} event(s) of producer {} could not be written to {} ({}); answered 503", events.size(),
                    name, producer.topic(), e.getClass().getSimpleName());
            counters.count(name, "rejected", "unavailable", events.size());
            return IngressAnswer.problem(503, "Kafka unavailable", "The events could not be stored; nothing was "
                    + "acknowledged. Send them again later.", null)
                    .withHeader("Retry-After", String.valueOf(settings.retryAfterSeconds()));
        }
        counters.count(name, "accepted", "none", events.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", events.stream().map(e -> e.event().id()).toList());
        return IngressAnswer.of(202, body);
    }

    private IngressAnswer unauthorized(String producer) {
        counters.count(producer, "rejected", "unauthorized", 1);
        return IngressAnswer.problem(401, "Unauthorized", "The request's token or signature is not this producer's.", null);
    }

    /**
     * The event as every consumer reads it: one structured-mode CloudEvents JSON object, the whole event as the
     * producer sent it (in binary mode, its ce-* headers as attributes), so that every extension attribute
     * (traceparent, partitionkey, the producer's own) reaches Kafka; control characters removed from data as on
     * intake.
     */
    private byte[] structured(EventParser.ParsedEvent parsed) {
        try {
            return json.writeValueAsBytes(parsed.envelope());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
