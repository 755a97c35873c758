package io.switchboard.matching;

import java.util.List;

/**
 * The Salesforce record an event belongs to, how it was found ({@code by}: email, phone, salesforceId), and the
 * other candidates when several records of the winning object matched.
 */
public record Match(String sObject, String id, String by, String accountId, List<String> alsoMatched,
                    String identity) {

    public static final String NONE = "none";

    public static Match none() {
        return none(null);
    }

    /**
     * Nobody matched; {@code identity} is the normalized key of the person (email, else E.164 phone), so that
     * several events of one new person in a batch create one record.
     */
    public static Match none(String identity) {
        return new Match(null, null, NONE, null, List.of(), identity);
    }

    public boolean found() {
        return id != null;
    }
}
