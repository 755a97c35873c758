package io.switchboard.salesforce;

/** One SOQL query or SOSL search, for {@link SalesforceGateway#readAll}. */
public record Read(Kind kind, String text) {

    public enum Kind {
        /** SOQL over live records. */
        QUERY("/query?q="),
        /** SOQL that also sees archived activities and deleted records (Salesforce's queryAll). */
        QUERY_ALL("/queryAll?q="),
        /** SOSL. */
        SEARCH("/search?q=");

        final String path;

        Kind(String path) {
            this.path = path;
        }
    }

    public static Read query(String soql) {
        return new Read(Kind.QUERY, soql);
    }

    /** A query that must also find archived Tasks and Events (older than a year, or closed long ago). */
    public static Read queryAll(String soql) {
        return new Read(Kind.QUERY_ALL, soql);
    }

    public static Read search(String sosl) {
        return new Read(Kind.SEARCH, sosl);
    }

    public boolean search() {
        return kind == Kind.SEARCH;
    }
}
