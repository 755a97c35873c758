package io.switchboard.salesforce;

/** The result of one {@link RecordWrite}: the record's id, or Salesforce's error for it. */
public record SaveResult(String id, SalesforceError error) {

    public boolean success() {
        return error == null;
    }
}
