package io.switchboard.delivery;

import io.switchboard.salesforce.OrgMetadata;
import io.switchboard.salesforce.QueryText;
import io.switchboard.salesforce.Read;
import io.switchboard.salesforce.RecordWrite;
import io.switchboard.salesforce.SalesforceGateway;
import io.switchboard.salesforce.SalesforceIds;
import io.switchboard.salesforce.SaveResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The record a keyed create collided with (DUPLICATE_VALUE on a unique field: another instance created it meanwhile,
 * or a replay met its own earlier write). Salesforce names it in the message, but not reliably: a real org shows
 * the 15-character id, {@code <unknown>} when the running user cannot see the record, and its wording may change.
 * So the id is taken from the message when it is there, and otherwise the record is found by the unique values the
 * create carried (queryAll, so an archived activity is found too).
 */
@Component
class Collisions {

    private static final Pattern NAMED_ID = Pattern.compile("\\bid:\\s*([a-zA-Z0-9]{18}|[a-zA-Z0-9]{15})\\b");

    private final SalesforceGateway salesforce;
    private final OrgMetadata metadata;

    Collisions(SalesforceGateway salesforce, OrgMetadata metadata) {
        this.salesforce = salesforce;
        this.metadata = metadata;
    }

    static boolean isCollision(RecordWrite write, SaveResult result) {
        return !result.success() && write.isCreate() && "DUPLICATE_VALUE".equals(result.error().code());
    }

    /** The 18-character id the message names, when it names one. */
    static Optional<String> namedIn(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = NAMED_ID.matcher(message);
        return m.find() ? SalesforceIds.caseSafe(m.group(1)) : Optional.empty();
    }

    /**
     * For each colliding create, the record it collided with, or empty when none can be found. Those whose message
     * names no id are looked up together, one query per create, five to a request.
     */
    List<Optional<String>> existing(List<RecordWrite> creates, List<SaveResult> results) {
        List<Optional<String>> out = new ArrayList<>();
        List<Read> reads = new ArrayList<>();
        List<Integer> asked = new ArrayList<>();
        for (int i = 0; i < creates.size(); i++) {
            Optional<String> named = namedIn(results.get(i).error().message());
            out.add(named);
            if (named.isEmpty()) {
                byUniqueValues(creates.get(i), results.get(i).error().fields()).ifPresent(read -> {
                    reads.add(read);
                    asked.add(out.size() - 1);
                });
            }
        }
        if (!reads.isEmpty()) {
            List<List<com.fasterxml.jackson.databind.JsonNode>> answers;
            try {
                answers = salesforce.readAll(reads);
            } catch (io.switchboard.salesforce.SalesforceRejection refused) {
                // not found, then: each create keeps its DUPLICATE_VALUE, and its event is dead-lettered with it
                return out;
            }
            for (int k = 0; k < answers.size(); k++) {
                List<com.fasterxml.jackson.databind.JsonNode> found = answers.get(k);
                out.set(asked.get(k), found.isEmpty() ? Optional.empty() : Optional.of(found.get(0).path("Id").asText()));
            }
        }
        return out;
    }

    /** The record holding the create's unique values: those of the fields the error names, else any of them. */
    private Optional<Read> byUniqueValues(RecordWrite create, List<String> named) {
        List<String> conditions = new ArrayList<>();
        for (Map.Entry<String, Object> field : create.fields().entrySet()) {
            boolean unique = metadata.field(create.sObject(), field.getKey()).map(OrgMetadata.FieldDescription::unique)
                    .orElse(false);
            boolean wanted = named.isEmpty() || named.stream().anyMatch(n -> n.equalsIgnoreCase(field.getKey()));
            if (unique && wanted && field.getValue() instanceof String value && !value.isEmpty()) {
                conditions.add(field.getKey() + " = " + QueryText.soqlLiteral(value));
            }
        }
        if (conditions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Read.queryAll("SELECT Id FROM " + create.sObject() + " WHERE (" + String.join(" OR ", conditions)
                + ") AND IsDeleted = false LIMIT 1"));
    }
}
