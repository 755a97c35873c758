package io.switchboard.dryrun;

import io.switchboard.model.Interaction;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.switchboard.delivery.DeliveryPlan;
import io.switchboard.delivery.DeliveryPlanner;
import io.switchboard.delivery.PlannedWrite;
import io.switchboard.event.EventParser;
import io.switchboard.model.RecordOrigin;
import io.switchboard.model.Match;
import io.switchboard.matching.Matcher;
import io.switchboard.model.Failure;
import io.switchboard.rules.RuleEngine;
import io.switchboard.model.rule.TypeRule;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Explains what the service would do with one event — the rule, filters, business-hours verdict, the match it
 * looks for and finds, and the exact Salesforce writes — running the real stages but writing nothing (it reads
 * from Salesforce to match, as delivery would).
 */
@Component
public class DryRun {

    private final EventParser parser;
    private final RuleEngine rules;
    private final Matcher matcher;
    private final DeliveryPlanner planner;

    public DryRun(EventParser parser, RuleEngine rules, Matcher matcher, DeliveryPlanner planner) {
        this.parser = parser;
        this.rules = rules;
        this.matcher = matcher;
        this.planner = planner;
    }

    public Report explain(byte[] value) {
        RecordOrigin origin = new RecordOrigin("dry-run", 0, 0, null, value);
        EventParser.ParsedEvent parsed = parser.parse(value);
        if (parsed.event() == null) {
            return new Report("would-dead-letter", parsed.rejection().message(),
                    new Failure(parsed.rejection().code(), parsed.rejection().message(), "parse"),
                    null, null, List.of(), null, List.of(), null);
        }
        Interaction ruled = rules.apply(List.of(Interaction.received(origin, parsed.event()))).get(0);
        RuleView rule = ruled.rule() == null ? null : RuleView.of(ruled.rule());
        if (!ruled.pending()) {
            return new Report(ruled.deadLettered() ? "would-dead-letter" : "would-skip", ruled.reason(),
                    ruled.failure(), parsed.event().type(), rule, ruled.notes(), null, List.of(), null);
        }
        Interaction matched = matcher.match(List.of(ruled)).get(0);
        if (matched.held()) {
            return new Report("would-hold-for-review", matched.reason(), null, parsed.event().type(), rule,
                    matched.notes(), null, List.of(), matched.candidates());
        }
        DeliveryPlan plan = planner.planExactly(List.of(matched)).get(0);
        String decision = plan.failure() != null ? "would-dead-letter"
                : plan.writes().isEmpty() ? "would-skip" : "would-deliver";
        return new Report(decision, plan.skipReason(), plan.failure(), parsed.event().type(), rule, matched.notes(),
                matched.match(), plan.writes(), null);
    }

    /** What a dry run found. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(String decision, String reason, Failure error, String type, RuleView rule,
                         List<String> notes, Match match, List<PlannedWrite> writes,
                         List<io.switchboard.model.ReviewCandidate> candidates) {
    }

    /** The parts of the rule a reader needs to follow the decision. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleView(String skipWhen, String matchStrategy, List<String> matchObjects, String whenNoMatch,
                           String activity, String activityStatus, String links, String ambiguous) {
        static RuleView of(TypeRule rule) {
            return new RuleView(rule.skipWhen() == null ? null : rule.skipWhen().describe(),
                    rule.match().strategy().key(), rule.match().objects(), rule.whenNoMatch().create().key(),
                    rule.activity().object(), rule.activity().status(), rule.links().to().key(),
                    rule.match().ambiguous().key());
        }
    }
}
