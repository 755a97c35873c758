package io.switchboard.rules;

import java.util.List;

/**
 * Everything the rules file says about one event type, with the shared defaults already merged in.
 *
 * @param skipWhen a filter: events it holds for are skipped (null: none)
 */
public record TypeRule(
        String type,
        boolean enabled,
        Predicate skipWhen,
        MatchRule match,
        WhenNoMatch whenNoMatch,
        ActivityRule activity) {

    /** Which strategy finds the person, and which objects win when several match. */
    public record MatchRule(MatchStrategy strategy, List<String> objects) {
    }

    /**
     * What to create when nobody matches: {@code Lead}, {@code Contact} or {@code none}.
     *
     * @param lastNamePlaceholder written when the event has no last name, since Salesforce requires one
     */
    public record WhenNoMatch(String create, String leadSource, String lastNamePlaceholder) {

        public boolean createsNothing() {
            return "none".equals(create);
        }
    }

    /** The activity to log: {@code Task} or {@code none}; status and texts for the Task. */
    public record ActivityRule(String object, String status, String callType, Template subject, Template description) {

        public boolean logsNothing() {
            return "none".equals(object);
        }
    }
}
