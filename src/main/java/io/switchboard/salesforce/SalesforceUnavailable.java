package io.switchboard.salesforce;

/**
 * Salesforce could not take a request now (down, locked row, API budget spent, no connection).
 * The whole batch is retried later; nothing is dead-lettered for this.
 */
public class SalesforceUnavailable extends RuntimeException {

    private final transient SalesforceError error;

    public SalesforceUnavailable(String operation, SalesforceError error, Throwable cause) {
        super(operation + " could not reach Salesforce: " + error, cause);
        this.error = error;
    }

    public SalesforceError error() {
        return error;
    }
}
