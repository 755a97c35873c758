package io.switchboard.rules;

import io.switchboard.model.rule.BusinessHours;
import io.switchboard.model.rule.Predicate;
import io.switchboard.model.rule.TypeRule;

import io.switchboard.model.Interaction;
import io.switchboard.model.Failure;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Gives each event its rule, or decides that the rules skip it (disabled type, a filter, an unknown type)
 * or that it cannot be handled at all (an unknown type, when so configured).
 */
@Component("rules")
public class RuleEngine {

    public static final String UNKNOWN_TYPE = "UNKNOWN_TYPE";

    private final ActiveRules active;

    public RuleEngine(ActiveRules active) {
        this.active = active;
    }

    public List<Interaction> apply(List<Interaction> batch) {
        Rules rules = active.get();
        return batch.stream().map(i -> i.pending() ? decideSafely(i, rules) : i).toList();
    }

    /** A defect met on one event (say, in a simple expression) fails that event alone. */
    private Interaction decideSafely(Interaction interaction, Rules rules) {
        try {
            return decide(interaction, rules);
        } catch (RuntimeException defect) {
            return interaction.failedWith(io.switchboard.model.Failures.ruleDefect(interaction.event().type(), defect));
        }
    }

    private Interaction decide(Interaction interaction, Rules rules) {
        String type = interaction.event().type();
        Optional<TypeRule> found = rules.forType(type);
        if (found.isEmpty()) {
            String why = "No rule for event type '" + type + "' in " + rules.origin()
                    + "; add it under 'types:' or correct the producer's type";
            return rules.unknownTypes() == Rules.UnknownTypePolicy.SKIP
                    ? interaction.skipped(why)
                    : interaction.failedWith(new Failure(UNKNOWN_TYPE, why, "rules"));
        }
        TypeRule rule = found.get();
        if (!rule.enabled()) {
            return interaction.withRule(rule).skipped("The rule for '" + type + "' is disabled");
        }
        if (rule.skipWhen() != null && rule.skipWhen().test(interaction.event())) {
            Predicate hit = rule.skipWhen() instanceof Predicate.Any any
                    ? any.firstHit(interaction.event()).orElse(rule.skipWhen()) : rule.skipWhen();
            return interaction.withRule(rule).skipped("Filter of '" + type + "' skipped it: " + hit.describe());
        }
        BusinessHours hours = rule.businessHours();
        if (hours == null) {
            return interaction.withRule(rule);
        }
        String verdict = hours.describe(interaction.event().time());
        if (hours.isOpen(interaction.event().time())) {
            return interaction.withRule(rule).withNote(verdict);
        }
        return switch (hours.outside()) {
            case LOG -> interaction.withRule(rule).withNote(verdict + ": logged as usual");
            case STATUS -> interaction.withRule(rule.withActivityStatus(hours.outsideStatus()))
                    .withNote(verdict + ": Task status " + hours.outsideStatus());
            case SKIP -> interaction.withRule(rule).withNote(verdict)
                    .skipped("The rule for '" + type + "' skips events " + verdict);
        };
    }
}
