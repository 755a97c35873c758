package io.switchboard.matching;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kind of record a person can be matched to, as named in the rules, with the Salesforce object it lives in and
 * the fields matching reads. Account and PersonAccount are both Accounts, told apart by IsPersonAccount.
 */
enum PersonObject {
    CONTACT("Contact", "Contact", io.switchboard.salesforce.SalesforceIds.CONTACT_PREFIX, "Email",
            List.of("Phone", "MobilePhone", "HomePhone", "OtherPhone", "AssistantPhone")),
    LEAD("Lead", "Lead", io.switchboard.salesforce.SalesforceIds.LEAD_PREFIX, "Email", List.of("Phone", "MobilePhone")),
    /** A business Account: found by its phone or its company domain, never by a person's email. */
    ACCOUNT("Account", "Account", "001", null, List.of("Phone")),
    PERSON_ACCOUNT("PersonAccount", "Account", "001", "PersonEmail",
            List.of("Phone", "PersonMobilePhone", "PersonHomePhone", "PersonOtherPhone", "PersonAssistantPhone"));

    private static final Map<String, PersonObject> BY_NAME = Map.of("Contact", CONTACT, "Lead", LEAD,
            "Account", ACCOUNT, "PersonAccount", PERSON_ACCOUNT);

    final String ruleName;
    final String sObject;
    final String keyPrefix;
    final String emailField;
    final List<String> phoneFields;
    /**
     * The phone fields an exact query reads: the two that people and integrations fill first (Switchboard writes
     * these). The others are found by the phone search, which covers every phone field once its index caught up.
     */
    final List<String> exactPhoneFields;

    PersonObject(String ruleName, String sObject, String keyPrefix, String emailField, List<String> phoneFields) {
        this.ruleName = ruleName;
        this.sObject = sObject;
        this.keyPrefix = keyPrefix;
        this.emailField = emailField;
        this.phoneFields = phoneFields;
        this.exactPhoneFields = phoneFields.subList(0, Math.min(2, phoneFields.size()));
    }

    static Optional<PersonObject> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    boolean supports(LookupKind kind) {
        return switch (kind) {
            case SALESFORCE_ID, PHONE -> true;
            case EMAIL -> emailField != null;
            case DOMAIN -> this == ACCOUNT;
        };
    }
}
