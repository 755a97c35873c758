package io.switchboard.matching;

import java.util.List;

/**
 * The Salesforce record an event belongs to, how it was found ({@code by}: email, phone, salesforceId), and the
 * other candidates when several records of the winning object matched.
 */
public record Match(String sObject, String id, String by, String accountId, List<String> alsoMatched) {

    public static final String NONE = "none";

    public static Match none() {
        return new Match(null, null, NONE, null, List.of());
    }

    public boolean found() {
        return id != null;
    }
}
