package io.switchboard.matching;

import java.util.Set;

/**
 * What matching needs to know of one Salesforce record.
 *
 * @param lastModified Salesforce's datetime text, which sorts in time order
 * @param converted    a Lead already converted: never a match itself, it lives on as its Contact
 * @param successorId  a converted Lead's ConvertedContactId (null otherwise), where its interactions go
 * @param successorAccountId a converted Lead's ConvertedAccountId
 * @param name         the record's Name, shown to a person choosing among candidates in the review queue
 */
record Candidate(PersonObject object, String id, String accountId, String whoId, String lastModified,
                 Set<String> emails, Set<String> phones, String domain, boolean converted, String successorId,
                 String successorAccountId, String name) {

    Candidate {
        emails = Set.copyOf(emails);
        phones = Set.copyOf(phones);
    }

    Candidate(PersonObject object, String id, String accountId, String whoId, String lastModified,
              Set<String> emails, Set<String> phones, String domain, boolean converted) {
        this(object, id, accountId, whoId, lastModified, emails, phones, domain, converted, null, null, null);
    }

    Candidate(PersonObject object, String id, String accountId, String whoId, String lastModified,
              Set<String> emails, Set<String> phones, String domain, boolean converted, String name) {
        this(object, id, accountId, whoId, lastModified, emails, phones, domain, converted, null, null, name);
    }

    /** The Contact a converted Lead became, as a candidate of its own; empty when it is no converted Lead. */
    java.util.Optional<Candidate> successor() {
        if (!converted || successorId == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Candidate(PersonObject.CONTACT, successorId, successorAccountId, successorId,
                lastModified, emails, phones, null, false, name));
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
