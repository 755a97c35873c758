package io.switchboard.model.rule;

/** How an event's person is looked up in Salesforce. */
public enum MatchStrategy implements Keyed {
    EMAIL_ONLY("email-only"),
    EMAIL_THEN_PHONE("email-then-phone"),
    PHONE_ONLY("phone-only"),
    SALESFORCE_ID_FIRST("salesforce-id-first"),
    /** An Account by the website's domain, or the email's domain (never a free-mail domain). */
    ACCOUNT_BY_DOMAIN("account-by-domain");

    private final String key;

    MatchStrategy(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public boolean usesEmail() {
        return this == EMAIL_ONLY || this == EMAIL_THEN_PHONE || this == SALESFORCE_ID_FIRST;
    }

    public boolean usesPhone() {
        return this == EMAIL_THEN_PHONE || this == PHONE_ONLY || this == SALESFORCE_ID_FIRST;
    }

    public boolean usesSalesforceId() {
        return this == SALESFORCE_ID_FIRST;
    }

    public boolean usesDomain() {
        return this == ACCOUNT_BY_DOMAIN;
    }
}
