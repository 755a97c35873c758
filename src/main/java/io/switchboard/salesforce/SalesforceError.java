package io.switchboard.salesforce;

import java.util.List;
import java.util.Set;

/**
 * One error as Salesforce reported it ({@code errorCode}, {@code message}, {@code fields}) with the HTTP status.
 * Status 0 means the request got no answer for a reason that says the network or Salesforce is unavailable
 * (connection refused, timeout); -1 that it was never sent, for what it held (see {@link FailureEvidence}).
 */
public record SalesforceError(int status, String code, String message, List<String> fields) {

    /** Codes in which Salesforce states its own condition (busy, locked, over a limit), whatever the request held. */
    private static final Set<String> BUSY_CODES = Set.of(
            "SERVER_UNAVAILABLE", "UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED", "INVALID_SESSION_ID",
            "API_CURRENTLY_DISABLED", "API_BUDGET_RESERVED");

    /**
     * Other codes that say "try again later", not "this record is wrong", but that a request may cause: a query
     * timing out, no answer at all, Salesforce's own 500 (isolated to its record when it keeps following one).
     */
    private static final Set<String> OTHER_TRANSIENT_CODES = Set.of(
            "QUERY_TIMEOUT", FailureEvidence.CONNECTION_FAILED, "UNKNOWN_EXCEPTION");

    /** Messages are bounded: Salesforce repeats a rejected value in its message, and that may be a megabyte. */
    private static final int MAX_MESSAGE = 1_000;

    public SalesforceError {
        if (message != null && message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "… (" + message.length() + " characters)";
        }
        fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public boolean isTransient() {
        if (FailureEvidence.REQUEST_NOT_SENT.equals(code)) {
            return false;
        }
        return status == 0 || status >= 500 || saysSalesforceIsBusy() || OTHER_TRANSIENT_CODES.contains(code);
    }

    /** A transient failure that says Salesforce is busy or unavailable, as opposed to one a request may cause. */
    public boolean saysSalesforceIsBusy() {
        return BUSY_CODES.contains(code) || status == 503 || status == 401;
    }

    @Override
    public String toString() {
        return code + ": " + message + (fields.isEmpty() ? "" : " " + fields);
    }
}
