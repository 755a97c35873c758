package io.switchboard.matching;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.model.InteractionEvent;
import io.switchboard.model.RecordOrigin;
import io.switchboard.model.Interaction;
import io.switchboard.model.rule.MatchStrategy;
import io.switchboard.model.rule.Template;
import io.switchboard.model.rule.TypeRule;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds rules and interactions for tests that call the matching stage directly, with any strategy. */
final class MatcherCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern COST = Pattern.compile("matching: (\\d+) Salesforce requests? for a batch of (\\d+)");

    private MatcherCalls() {
    }

    static TypeRule rule(MatchStrategy strategy, String... objects) {
        return ruleCreating(strategy, "Lead", objects);
    }

    static TypeRule ruleCreating(MatchStrategy strategy, String create, String... objects) {
        return io.switchboard.testing.RuleBuilder.rule().matching(strategy, objects)
                .creating(io.switchboard.model.rule.Keyed.fromKey(io.switchboard.model.rule.NewPerson.class, create).orElseThrow())
                .build();
    }

    static Interaction interaction(TypeRule rule, Map<String, Object> data) {
        InteractionEvent event = new InteractionEvent("evt-" + UUID.randomUUID(), "test", "call.inbound",
                OffsetDateTime.parse("2026-11-20T15:04:05Z"), null, JSON.valueToTree(data));
        return Interaction.received(new RecordOrigin("test", 0, 0L, null, new byte[0]), event).withRule(rule);
    }

    static Map<String, Object> person(Object... keyValues) {
        Map<String, Object> person = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            person.put((String) keyValues[i], keyValues[i + 1]);
        }
        return Map.of("person", person);
    }

    /** Ten national digits of a US number nobody else in the test run uses (no 555 numbers: fixtures use those). */
    static String uniqueUsDigits() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "6" + (10 + r.nextInt(90)) + (200 + r.nextInt(800)) + String.format("%04d", r.nextInt(10_000));
    }

    /** The request count the matching note reports. */
    static int requestsReported(Interaction i) {
        for (String note : i.notes()) {
            Matcher m = COST.matcher(note);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no matching cost note in " + i.notes());
    }
}
