package io.switchboard.model.rule;

import io.switchboard.model.rule.EventPaths;
import io.switchboard.model.rule.SimpleExchanges;

import io.switchboard.model.InteractionEvent;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A filter condition over an event, built from the rules file; {@link #describe()} says it in rule words. */
public sealed interface Predicate {

    boolean test(InteractionEvent event);

    String describe();

    /** Case-insensitive equality, as integration engineers expect of "Spam" vs "spam". */
    record Equals(String field, String value) implements Predicate {
        public boolean test(InteractionEvent event) {
            return EventPaths.text(event, field).map(v -> v.equalsIgnoreCase(value)).orElse(false);
        }

        public String describe() {
            return field + " equals '" + value + "'";
        }
    }

    record In(String field, List<String> values) implements Predicate {
        public In {
            values = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
        }

        public boolean test(InteractionEvent event) {
            Optional<String> v = EventPaths.text(event, field);
            return v.isPresent() && values.contains(v.get().toLowerCase(Locale.ROOT));
        }

        public String describe() {
            return field + " in " + values;
        }
    }

    record Matches(String field, Pattern pattern) implements Predicate {
        public boolean test(InteractionEvent event) {
            return EventPaths.text(event, field).map(v -> pattern.matcher(v).find()).orElse(false);
        }

        public String describe() {
            return field + " matches /" + pattern.pattern() + "/";
        }
    }

    record Exists(String field) implements Predicate {
        public boolean test(InteractionEvent event) {
            return EventPaths.exists(event, field);
        }

        public String describe() {
            return field + " exists";
        }
    }

    record Absent(String field) implements Predicate {
        public boolean test(InteractionEvent event) {
            return !EventPaths.exists(event, field);
        }

        public String describe() {
            return field + " is absent";
        }
    }

    record All(List<Predicate> parts) implements Predicate {
        public boolean test(InteractionEvent event) {
            return parts.stream().allMatch(p -> p.test(event));
        }

        public String describe() {
            return parts.stream().map(Predicate::describe).collect(Collectors.joining(" and ", "(", ")"));
        }
    }

    record Any(List<Predicate> parts) implements Predicate {
        public boolean test(InteractionEvent event) {
            return parts.stream().anyMatch(p -> p.test(event));
        }

        public String describe() {
            return parts.stream().map(Predicate::describe).collect(Collectors.joining(" or ", "(", ")"));
        }

        /** The first part that holds, to name the filter that skipped an event. */
        public Optional<Predicate> firstHit(InteractionEvent event) {
            return parts.stream().filter(p -> p.test(event)).findFirst();
        }
    }

    /**
     * The escape hatch: a Camel simple predicate over an exchange whose body is the event's {@code data} (as a
     * map) and whose headers are the envelope ({@code type}, {@code source}, {@code subject}, {@code id}).
     */
    record Simple(String expression, org.apache.camel.Predicate compiled, org.apache.camel.CamelContext camel)
            implements Predicate {
        public boolean test(InteractionEvent event) {
            return compiled.matches(SimpleExchanges.of(camel, event));
        }

        public String describe() {
            return "simple " + expression;
        }
    }

    record Not(Predicate part) implements Predicate {
        public boolean test(InteractionEvent event) {
            return !part.test(event);
        }

        public String describe() {
            return "not " + part.describe();
        }
    }
}
