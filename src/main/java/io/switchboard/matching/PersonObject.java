package io.switchboard.matching;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Salesforce object a person can be matched to, with the fields matching reads. */
enum PersonObject {
    CONTACT("Contact", List.of("Phone", "MobilePhone", "HomePhone", "OtherPhone", "AssistantPhone"), true, null),
    // A converted Lead lives on as its Contact: matching it would log activity on a dead record.
    LEAD("Lead", List.of("Phone", "MobilePhone"), false, "IsConverted = false");

    private static final Map<String, PersonObject> BY_NAME = Map.of("Contact", CONTACT, "Lead", LEAD);

    final String sObject;
    final List<String> phoneFields;
    final boolean hasAccount;
    final String onlyLive;

    PersonObject(String sObject, List<String> phoneFields, boolean hasAccount, String onlyLive) {
        this.sObject = sObject;
        this.phoneFields = phoneFields;
        this.hasAccount = hasAccount;
        this.onlyLive = onlyLive;
    }

    static Optional<PersonObject> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    String selectFields() {
        return "Id, Email, " + (hasAccount ? "AccountId, " : "") + String.join(", ", phoneFields) + ", LastModifiedDate";
    }

    String andLive() {
        return onlyLive == null ? "" : " AND " + onlyLive;
    }
}
