package io.switchboard.matching;

import java.util.Set;

/**
 * What matching needs to know of one Salesforce record.
 *
 * @param lastModified Salesforce's datetime text, which sorts in time order
 * @param converted    a Lead already converted: never a match (it lives on as its Contact)
 * @param name         the record's Name, shown to a person choosing among candidates in the review queue
 */
record Candidate(PersonObject object, String id, String accountId, String whoId, String lastModified,
                 Set<String> emails, Set<String> phones, String domain, boolean converted, String name) {

    Candidate {
        emails = Set.copyOf(emails);
        phones = Set.copyOf(phones);
    }

    Candidate(PersonObject object, String id, String accountId, String whoId, String lastModified,
              Set<String> emails, Set<String> phones, String domain, boolean converted) {
        this(object, id, accountId, whoId, lastModified, emails, phones, domain, converted, null);
    }

    boolean answers(LookupKind kind, String value) {
        return keys(kind).contains(key(kind, value));
    }

    /** The values of a kind this record answers, in the form {@link #key} gives a sought value. */
    Set<String> keys(LookupKind kind) {
        return switch (kind) {
            case SALESFORCE_ID -> Set.of(id.substring(0, Math.min(15, id.length())));
            case EMAIL -> emails;
            case PHONE -> phones;
            case DOMAIN -> domain == null ? Set.of() : Set.of(domain);
        };
    }

    /** A sought value as compared: ids by their 15 case-sensitive characters (the 18 add only a checksum). */
    static String key(LookupKind kind, String value) {
        return kind == LookupKind.SALESFORCE_ID ? value.substring(0, Math.min(15, value.length())) : value;
    }
}
