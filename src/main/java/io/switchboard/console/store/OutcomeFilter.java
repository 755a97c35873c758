package io.switchboard.console.store;

import java.time.Instant;

/**
 * What the sync log shows: every part optional (null or blank: any).
 *
 * @param search     an event id, subject, email, phone number or Salesforce record id
 * @param duplicates only the interactions whose person matched several records of one object (the most recently
 *                   modified chosen, the others listed in the outcome's {@code matched.alsoMatched})
 */
public record OutcomeFilter(String decision, String type, String source, Instant from, Instant to, String search,
                            boolean duplicates, int limit, int skip) {

    public static final int PAGE = 50;

    public OutcomeFilter {
        decision = blankToNull(decision);
        type = blankToNull(type);
        source = blankToNull(source);
        search = blankToNull(search);
        limit = limit <= 0 ? PAGE : Math.min(limit, 500);
        skip = Math.max(0, skip);
    }

    public OutcomeFilter(String decision, String type, String source, Instant from, Instant to, String search,
                         int limit, int skip) {
        this(decision, type, source, from, to, search, false, limit, skip);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
