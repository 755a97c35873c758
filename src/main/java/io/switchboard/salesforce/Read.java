package io.switchboard.salesforce;

/** One SOQL query or SOSL search, for {@link SalesforceGateway#readAll}. */
public record Read(boolean search, String text) {

    public static Read query(String soql) {
        return new Read(false, soql);
    }

    public static Read search(String sosl) {
        return new Read(true, sosl);
    }
}
