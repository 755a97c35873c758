package io.switchboard.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * How Switchboard reads Salesforce's answers, tolerant of everything a real org may vary without saying so: the
 * order of subrequest answers (found by reference id), the order of keys, keys it adds, keys it leaves out
 * ({@code done} absent means done unless a next page is named), a search answered as an array or as
 * {@code searchRecords}, and pages of any length. Only what the documentation promises is relied on.
 */
final class Answers {

    private Answers() {
    }

    /** The subrequest's answer by its reference id; by position only when no answer carries reference ids. */
    static JsonNode forReference(JsonNode answers, String referenceId, int index) {
        for (JsonNode answer : answers) {
            if (referenceId.equals(answer.path("referenceId").asText(null))) {
                return answer;
            }
        }
        return answers.path(index);
    }

    /** The records of one page of a query, or of a search's answer. */
    static void records(JsonNode body, Read.Kind kind, List<JsonNode> into) {
        JsonNode records = kind == Read.Kind.SEARCH
                ? (body.isArray() ? body : body.path("searchRecords"))
                : body.path("records");
        records.forEach(into::add);
    }

    /**
     * The next page of a query's answer, when Salesforce says there is one: a {@code nextRecordsUrl}, or
     * {@code done: false}, which without a URL is an answer that cannot be completed.
     */
    static Optional<String> nextPage(JsonNode body) {
        String next = body.path("nextRecordsUrl").asText("");
        if (!next.isEmpty()) {
            return Optional.of(next);
        }
        if (!body.path("done").asBoolean(true)) {
            throw new SalesforceRejection("query", new SalesforceError(200, "INCOMPLETE_ANSWER",
                    "Salesforce answered done=false without a nextRecordsUrl", List.of()));
        }
        return Optional.empty();
    }
}
