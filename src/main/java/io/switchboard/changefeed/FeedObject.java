package io.switchboard.changefeed;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A Salesforce object the feed carries, with its change event channel and the fields its record is built from. */
public enum FeedObject {
    /** First, so that people's records can name the Account when a snapshot runs them in order. */
    ACCOUNT("Account", "001", List.of("Phone")),
    CONTACT("Contact", "003", List.of("Phone", "MobilePhone", "HomePhone", "OtherPhone", "AssistantPhone")),
    LEAD("Lead", "00Q", List.of("Phone", "MobilePhone"));

    /** A Person Account's own phone fields, beside Phone. */
    static final List<String> PERSON_ACCOUNT_PHONES =
            List.of("PersonMobilePhone", "PersonHomePhone", "PersonOtherPhone", "PersonAssistantPhone");

    final String sObject;
    final String keyPrefix;
    final List<String> phoneFields;

    FeedObject(String sObject, String keyPrefix, List<String> phoneFields) {
        this.sObject = sObject;
        this.keyPrefix = keyPrefix;
        this.phoneFields = phoneFields;
    }

    public String sObject() {
        return sObject;
    }

    /** The Pub/Sub topic of the object's Change Data Capture events. */
    public String channel() {
        return "/data/" + sObject + "ChangeEvent";
    }

    static Optional<FeedObject> named(String sObject) {
        return Arrays.stream(values()).filter(o -> o.sObject.equals(sObject)).findFirst();
    }

    static Optional<FeedObject> ofId(String id) {
        return id == null ? Optional.empty() : Arrays.stream(values()).filter(o -> id.startsWith(o.keyPrefix)).findFirst();
    }
}
