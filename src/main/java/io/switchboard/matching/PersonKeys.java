package io.switchboard.matching;

import java.util.List;

/**
 * The normalized values an event can be matched by, and notes on values it carried that could not be used (an
 * invalid email, an impossible number), so the outcome says what was ignored and why.
 *
 * @param salesforceId the first 15 characters of a well-formed Salesforce id (case-sensitive), or null
 * @param email        lower-case trimmed valid address, or null
 * @param phones       distinct E.164 numbers, the person's own first
 * @param domain       the comparable company domain (website, else a non-free-mail email domain), or null
 */
record PersonKeys(String salesforceId, String email, List<String> phones, String domain, List<String> notes) {

    PersonKeys {
        phones = List.copyOf(phones);
        notes = List.copyOf(notes);
    }

    List<String> keys(LookupKind kind) {
        return switch (kind) {
            case SALESFORCE_ID -> salesforceId == null ? List.of() : List.of(salesforceId);
            case EMAIL -> email == null ? List.of() : List.of(email);
            case PHONE -> phones;
            case DOMAIN -> domain == null ? List.of() : List.of(domain);
        };
    }

    /** The person's key: email, else phone. */
    String personIdentity() {
        return email != null ? email : phones.isEmpty() ? null : phones.get(0);
    }
}
