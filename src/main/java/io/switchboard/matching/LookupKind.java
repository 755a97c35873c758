package io.switchboard.matching;

/** What an event is looked up by, in the order a strategy tries them. */
enum LookupKind {
    SALESFORCE_ID("salesforceId"),
    EMAIL("email"),
    PHONE("phone"),
    DOMAIN("domain");

    final String label;

    LookupKind(String label) {
        this.label = label;
    }
}
