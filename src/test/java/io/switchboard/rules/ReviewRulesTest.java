package io.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.switchboard.model.rule.Ambiguity;
import io.switchboard.model.rule.NewPerson;
import io.switchboard.model.rule.TypeRule;
import org.junit.jupiter.api.Test;

/** The rules grammar of the review queue: {@code match.ambiguous} and {@code whenNoMatch.create: review}. */
class ReviewRulesTest {

    private final RulesLoader loader = new RulesLoader();

    @Test
    void aRuleMayHoldAmbiguousMatchesAndUnmatchedPeopleForReview() {
        Rules rules = loader.parse("""
                defaults:
                  match:
                    strategy: phone-only
                types:
                  call.inbound:
                    match:
                      ambiguous: review
                  web.form:
                    whenNoMatch:
                      create: review
                """, "test");
        TypeRule call = rules.forType("call.inbound").orElseThrow();
        assertThat(call.match().ambiguous()).isEqualTo(Ambiguity.REVIEW);
        assertThat(call.match().strategy().key()).as("the defaults' strategy is kept").isEqualTo("phone-only");
        assertThat(call.whenNoMatch().holdsForReview()).isFalse();
        TypeRule form = rules.forType("web.form").orElseThrow();
        assertThat(form.match().ambiguous()).as("the default").isEqualTo(Ambiguity.MOST_RECENT);
        assertThat(form.whenNoMatch().create()).isEqualTo(NewPerson.REVIEW);
        assertThat(form.whenNoMatch().holdsForReview()).isTrue();
        assertThat(form.whenNoMatch().createsNothing()).as("delivery creates nobody for it by itself").isTrue();
    }

    @Test
    void aMisspelledChoiceIsReportedWithItsLineAndTheWordsAllowed() {
        InvalidRulesException e = catchThrowableOfType(InvalidRulesException.class, () -> loader.parse("""
                types:
                  call.inbound:
                    match:
                      ambiguous: reveiw
                  web.form:
                    whenNoMatch:
                      create: reviewer
                """, "test"));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "types.call.inbound.match.ambiguous (line 4): 'reveiw' is not one of most-recent, review",
                "types.web.form.whenNoMatch.create (line 7): 'reviewer' is not one of Lead, Contact, Account, "
                        + "PersonAccount, none, review");
    }

    @Test
    void anUnknownMatchSettingNamesAmbiguousAmongTheKnownOnes() {
        InvalidRulesException e = catchThrowableOfType(InvalidRulesException.class, () -> loader.parse("""
                types:
                  call.inbound:
                    match:
                      ambiguity: review
                """, "test"));
        assertThat(e.problems()).singleElement().asString()
                .startsWith("types.call.inbound.match.ambiguity (line 4): unknown setting 'ambiguity'")
                .contains("ambiguous");
    }

    @Test
    void theShippedRulesHoldAmbiguousInboundCallsForReview() {
        Rules rules = loader.parse(io.switchboard.testing.TestRules.shipped(), io.switchboard.testing.TestRules.SHIPPED);
        for (String type : java.util.List.of("call.inbound", "call.missed", "voicemail")) {
            assertThat(rules.forType(type).orElseThrow().match().ambiguous()).as(type).isEqualTo(Ambiguity.REVIEW);
        }
        assertThat(rules.forType("web.form").orElseThrow().match().ambiguous()).isEqualTo(Ambiguity.MOST_RECENT);
    }
}
