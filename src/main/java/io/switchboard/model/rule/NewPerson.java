package io.switchboard.model.rule;

/** Whom a rule creates when nobody matches ({@code whenNoMatch.create}), and the Salesforce object that is. */
public enum NewPerson implements Keyed {
    LEAD("Lead", "Lead"),
    CONTACT("Contact", "Contact"),
    /** A business Account named after the person's company (or the person). */
    ACCOUNT("Account", "Account"),
    /** An Account with a person's fields, where the org has Person Accounts. */
    PERSON_ACCOUNT("PersonAccount", "Account"),
    NONE("none", null),
    /** Nothing yet: the interaction waits in the review queue, where a person chooses a record or whom to create. */
    REVIEW("review", null);

    private final String key;
    private final String sObject;

    NewPerson(String key, String sObject) {
        this.key = key;
        this.sObject = sObject;
    }

    @Override
    public String key() {
        return key;
    }

    /** The object created; null for {@link #NONE}. */
    public String sObject() {
        return sObject;
    }

    /** A person, as opposed to a company: what the person key and the name fields are for. */
    public boolean isPerson() {
        return this == LEAD || this == CONTACT || this == PERSON_ACCOUNT;
    }
}
