package io.switchboard.matching;

import java.util.Set;

/**
 * What matching needs to know of one Salesforce record.
 *
 * @param lastModified Salesforce's datetime text, which sorts in time order
 * @param converted    a Lead already converted: never a match (it lives on as its Contact)
 */
record Candidate(PersonObject object, String id, String accountId, String whoId, String lastModified,
                 Set<String> emails, Set<String> phones, String domain, boolean converted) {

    Candidate {
        emails = Set.copyOf(emails);
        phones = Set.copyOf(phones);
    }

    boolean answers(LookupKind kind, String key) {
        return switch (kind) {
            case SALESFORCE_ID -> id.regionMatches(0, key, 0, 15);
            case EMAIL -> emails.contains(key);
            case PHONE -> phones.contains(key);
            case DOMAIN -> key.equals(domain);
        };
    }
}
