package io.switchboard.rules;

import java.util.List;

/**
 * A rules file as read: its rules (null only when the file is no YAML mapping at all) and the problems of its
 * structure, each once. Checking against the org adds its own; {@link RulesValidator#problems(Loaded)} gives both together.
 */
public record Loaded(Rules rules, String origin, List<String> problems) {

    public Loaded {
        problems = List.copyOf(problems);
    }

    Loaded(Rules rules, List<String> problems) {
        this(rules, rules.origin(), problems);
    }

    static Loaded unreadable(String origin, String problem) {
        return new Loaded(null, origin, List.of(problem));
    }

    public boolean readable() {
        return rules != null;
    }
}
