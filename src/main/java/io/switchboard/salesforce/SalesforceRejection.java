package io.switchboard.salesforce;

/** Salesforce refused a request for a reason that retrying will not fix (the record itself is wrong). */
public class SalesforceRejection extends RuntimeException {

    private final transient SalesforceError error;

    public SalesforceRejection(String operation, SalesforceError error) {
        super(operation + " was rejected by Salesforce: " + error);
        this.error = error;
    }

    public SalesforceError error() {
        return error;
    }
}
