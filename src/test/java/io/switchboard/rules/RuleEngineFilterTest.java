package io.switchboard.rules;

import io.switchboard.model.rule.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.InteractionEvent;
import org.junit.jupiter.api.Test;

class RuleEngineFilterTest {

    private static Predicate filter(String yaml) {
        Rules rules = new RulesLoader().parse("types:\n  call.inbound:\n    skipWhen:\n" + yaml, "test");
        return rules.forType("call.inbound").orElseThrow().skipWhen();
    }

    private static InteractionEvent event(String data) throws Exception {
        return TemplateTest.event(data);
    }

    @Test
    void equalsIgnoresCaseAndInListsMatchAny() throws Exception {
        Predicate spam = filter("      - field: category\n        in: [Spam, Solicitor]\n");
        assertThat(spam.test(event("{\"category\":\"spam\"}"))).isTrue();
        assertThat(spam.test(event("{\"category\":\"Customer\"}"))).isFalse();
        assertThat(spam.test(event("{}"))).isFalse();
    }

    @Test
    void allAnyNotExistsAbsentAndMatchesCombine() throws Exception {
        Predicate internal = filter("""
                      all:
                        - field: call.fromNumber
                          matches: "^\\\\+1415555"
                        - not:
                            field: person.email
                            exists: true
                        - any:
                            - field: call.answered
                              equals: "false"
                            - field: person.name
                              absent: true
                """);
        assertThat(internal.test(event("{\"call\":{\"fromNumber\":\"+14155550100\",\"answered\":false}}"))).isTrue();
        assertThat(internal.test(event("{\"call\":{\"fromNumber\":\"+14155550100\"},\"person\":{\"name\":\"A\"}}")))
                .isFalse();
        assertThat(internal.test(event("{\"call\":{\"fromNumber\":\"+14155550100\"},\"person\":{\"email\":\"a@b.co\"}}")))
                .isFalse();
        assertThat(internal.test(event("{\"call\":{\"fromNumber\":\"+12125550100\"}}"))).isFalse();
    }
}
