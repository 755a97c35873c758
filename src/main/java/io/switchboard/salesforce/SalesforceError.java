package io.switchboard.salesforce;

import java.util.List;
import java.util.Set;

/**
 * One error as Salesforce reported it ({@code errorCode}, {@code message}, {@code fields}) with the HTTP status.
 * Status 0 means the request never got an answer (connection refused, timeout).
 */
public record SalesforceError(int status, String code, String message, List<String> fields) {

    /** Codes that say "try again later", not "this record is wrong". */
    private static final Set<String> TRANSIENT_CODES = Set.of(
            "SERVER_UNAVAILABLE", "UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED", "INVALID_SESSION_ID",
            "API_CURRENTLY_DISABLED", "QUERY_TIMEOUT", "CONNECTION_FAILED");

    public boolean isTransient() {
        return status == 0 || status >= 500 || status == 401 || TRANSIENT_CODES.contains(code);
    }

    @Override
    public String toString() {
        return code + ": " + message + (fields == null || fields.isEmpty() ? "" : " " + fields);
    }
}
