package io.switchboard.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.springframework.stereotype.Component;

/**
 * The one way a request reaches Salesforce, through the Camel Salesforce component: it keeps the API budget (which
 * may delay or refuse it), counts it, and classifies its failure once: {@link SalesforceRejection} for a request
 * Salesforce refused or that could not be sent for what it held, {@link SalesforceUnavailable} for anything worth
 * retrying. What requests to make is {@link SalesforceGateway}'s.
 */
@Component
public class SalesforceTransport {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SalesforceTransport.class);

    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final ApiUsage usage;
    private final ApiBudget budget;
    private final io.micrometer.core.instrument.MeterRegistry meters;
    private final List<RequestObserver> observers;

    public SalesforceTransport(ProducerTemplate producer, ObjectMapper json, ApiUsage usage, ApiBudget budget,
                               io.micrometer.core.instrument.MeterRegistry meters, List<RequestObserver> observers) {
        this.producer = producer;
        this.json = json;
        this.usage = usage;
        this.budget = budget;
        this.meters = meters;
        this.observers = List.copyOf(observers);
    }

    /** {@code switchboard_salesforce_requests_total} by kind (query, read, save, describe, ...) and result. */
    private void count(String operation, String result) {
        String kind = operation.split(" ", 2)[0];
        meters.counter("switchboard.salesforce.requests", "kind", kind, "result", result).increment();
    }

    /** For the debug log: the first class outside this package that asked, which says the stage a request is for. */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName)
                .filter(c -> c.startsWith("io.switchboard.") && !c.startsWith("io.switchboard.salesforce."))
                .findFirst().orElse("?"));
    }

    JsonNode call(String operation, String uri, Consumer<org.apache.camel.Message> headers, Object body) {
        budget.beforeRequest(operation);
        if (log.isDebugEnabled()) {
            log.debug("Salesforce request: {}, for {}", operation, caller());
        }
        String payload = body == null ? null : toJson(body);
        java.time.Instant started = java.time.Instant.now();
        Exchange exchange = producer.send(uri, ex -> {
            headers.accept(ex.getMessage());
            ex.getMessage().setBody(payload);
        });
        java.time.Instant ended = java.time.Instant.now();
        Exception failure = exchange.getException();
        if (failure != null) {
            SalesforceError error = classify(failure);
            usage.recordFailure(error);
            count(operation, error.code());
            observe(operation, started, ended, error.code());
            if (error.isTransient()) {
                throw new SalesforceUnavailable(operation, error, failure);
            }
            throw new SalesforceRejection(operation, error);
        }
        usage.recordSuccess(exchange.getMessage().getHeader("Sforce-Limit-Info", String.class));
        count(operation, "ok");
        observe(operation, started, ended, "ok");
        String text = exchange.getMessage().getBody(String.class);
        if (text == null || text.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SalesforceUnavailable(operation,
                    new SalesforceError(0, "UNREADABLE_RESPONSE", "Salesforce answered with a body that is not JSON",
                            List.of()), e);
        }
    }

    private void observe(String operation, java.time.Instant started, java.time.Instant ended, String result) {
        for (RequestObserver observer : observers) {
            try {
                observer.answered(operation, started, ended, result);
            } catch (RuntimeException e) {
                // seeing a request must never fail it
            }
        }
    }

    private static SalesforceError classify(Exception failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof SalesforceException)) {
            cause = cause.getCause();
        }
        if (cause instanceof SalesforceException sf && sf.getStatusCode() > 0) {
            List<RestError> errors = sf.getErrors();
            if (errors != null && !errors.isEmpty()) {
                RestError first = errors.get(0);
                return new SalesforceError(sf.getStatusCode(), first.getErrorCode(), first.getMessage(),
                        first.getFields() == null ? List.of() : List.copyOf(first.getFields()));
            }
            return new SalesforceError(sf.getStatusCode(), "HTTP_" + sf.getStatusCode(), String.valueOf(sf.getMessage()), List.of());
        }
        // No answer at all: an outage only where the failure says so (see FailureEvidence).
        if (FailureEvidence.saysUnavailable(failure)) {
            return new SalesforceError(0, FailureEvidence.CONNECTION_FAILED, FailureEvidence.rootMessage(failure), List.of());
        }
        return new SalesforceError(-1, FailureEvidence.REQUEST_NOT_SENT, "the request could not be sent ("
                + FailureEvidence.rootMessage(failure) + "); this is a defect of the request the event made, not an outage",
                List.of());
    }

    private String toJson(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write the request body as JSON", e);
        }
    }

}
