package io.switchboard.benchmark;

import java.util.List;

/**
 * The topic names of one scenario. Every scenario gets fresh topics (and a fresh consumer group), so nothing a
 * previous scenario left unconsumed can reach the next one.
 */
record Topics(String calls, String conversations, String web, String outcomes, String deadLetter) {

    static Topics forScenario(String prefix) {
        return new Topics(prefix + ".interactions.calls", prefix + ".interactions.conversations",
                prefix + ".interactions.web", prefix + ".interactions.outcomes", prefix + ".interactions.dlq");
    }

    /** The workload names topics by their role; this maps the role to the scenario's topic. */
    String resolve(String role) {
        return switch (role) {
            case "calls" -> calls;
            case "conversations" -> conversations;
            case "web" -> web;
            default -> throw new IllegalArgumentException("unknown topic role " + role);
        };
    }

    String inputs() {
        return String.join(",", calls, conversations, web);
    }

    List<String> all() {
        return List.of(calls, conversations, web, outcomes, deadLetter);
    }
}
