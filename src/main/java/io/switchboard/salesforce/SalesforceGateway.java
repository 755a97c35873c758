package io.switchboard.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.springframework.stereotype.Component;

/**
 * Every Salesforce request of the service goes through here, over the Camel Salesforce component, so that each
 * one is counted and every failure is classified once: {@link SalesforceRejection} for a wrong record,
 * {@link SalesforceUnavailable} for anything worth retrying.
 */
@Component
public class SalesforceGateway {

    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final ApiUsage usage;
    private final ApiBudget budget;

    public SalesforceGateway(ProducerTemplate producer, ObjectMapper json, ApiUsage usage, ApiBudget budget) {
        this.producer = producer;
        this.json = json;
        this.usage = usage;
        this.budget = budget;
    }

    /** Runs a SOQL query and returns its records (the first page: callers bound their queries with LIMIT). */
    public List<JsonNode> query(String soql) {
        JsonNode response = call("query", "salesforce:query?rawPayload=true",
                m -> m.setHeader("sObjectQuery", soql), null);
        return list(response.path("records"));
    }

    /** Runs a SOSL search and returns its records. */
    public List<JsonNode> search(String sosl) {
        JsonNode response = call("search", "salesforce:search?rawPayload=true",
                m -> m.setHeader("sObjectSearch", sosl), null);
        return list(response.isArray() ? response : response.path("searchRecords"));
    }

    /** The object's describe metadata, or empty when the org has no such object. */
    public java.util.Optional<JsonNode> describe(String sObject) {
        try {
            return java.util.Optional.of(call("describe " + sObject, "salesforce:getDescription?rawPayload=true",
                    m -> m.setHeader("sObjectName", sObject), null));
        } catch (SalesforceRejection e) {
            if (e.error().status() == 404 || "NOT_FOUND".equals(e.error().code())) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /** Creates a record and returns its id. */
    public String create(String sObject, Map<String, Object> fields) {
        JsonNode response = call("create " + sObject, "salesforce:createSObject?rawPayload=true",
                m -> m.setHeader("sObjectName", sObject), fields);
        return response.path("id").asText();
    }

    public void update(String sObject, String id, Map<String, Object> fields) {
        call("update " + sObject + " " + id, "salesforce:updateSObject?rawPayload=true", m -> {
            m.setHeader("sObjectName", sObject);
            m.setHeader("sObjectId", id);
        }, fields);
    }

    private JsonNode call(String operation, String uri, Consumer<org.apache.camel.Message> headers, Object body) {
        budget.beforeRequest(operation);
        String payload = body == null ? null : toJson(body);
        Exchange exchange = producer.send(uri, ex -> {
            headers.accept(ex.getMessage());
            ex.getMessage().setBody(payload);
        });
        Exception failure = exchange.getException();
        if (failure != null) {
            SalesforceError error = classify(failure);
            usage.recordFailure(error);
            if (error.isTransient()) {
                throw new SalesforceUnavailable(operation, error, failure);
            }
            throw new SalesforceRejection(operation, error);
        }
        usage.recordSuccess(exchange.getMessage().getHeader("Sforce-Limit-Info", String.class));
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

    private static SalesforceError classify(Exception failure) {
        Throwable cause = failure;
        while (cause != null && !(cause instanceof SalesforceException)) {
            cause = cause.getCause();
        }
        if (cause instanceof SalesforceException sf) {
            List<RestError> errors = sf.getErrors();
            if (errors != null && !errors.isEmpty()) {
                RestError first = errors.get(0);
                return new SalesforceError(sf.getStatusCode(), first.getErrorCode(), first.getMessage(),
                        first.getFields() == null ? List.of() : List.copyOf(first.getFields()));
            }
            return new SalesforceError(sf.getStatusCode(), sf.getStatusCode() == 0 ? "CONNECTION_FAILED" : "HTTP_" + sf.getStatusCode(),
                    String.valueOf(sf.getMessage()), List.of());
        }
        return new SalesforceError(0, "CONNECTION_FAILED", String.valueOf(failure.getMessage()), List.of());
    }

    private String toJson(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write the request body as JSON", e);
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
