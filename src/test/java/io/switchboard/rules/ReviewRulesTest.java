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

    /**
     * Duplicates as the seeds' users expect (Aircall: "the most recently updated one in Salesforce will be matched"):
     * every shipped type takes the most recently modified record; holding a shared line's call for review is the
     * commented lines under call.inbound, which work as they are once uncommented.
     */
    @Test
    void theShippedRulesTakeTheMostRecentRecordAndTheirCommentedLinesHoldForReview() {
        String shipped = io.switchboard.testing.TestRules.shipped();
        Rules rules = loader.parse(shipped, io.switchboard.testing.TestRules.SHIPPED);
        assertThat(rules.byType().values()).allSatisfy(rule ->
                assertThat(rule.match().ambiguous()).as(rule.type()).isEqualTo(Ambiguity.MOST_RECENT));
        assertThat(shipped).contains("    # match:\n    #   ambiguous: review\n");
        Rules uncommented = loader.parse(shipped.replace("    # match:\n    #   ambiguous: review\n",
                "    match:\n      ambiguous: review\n"), "edited");
        assertThat(uncommented.forType("call.inbound").orElseThrow().match().ambiguous()).isEqualTo(Ambiguity.REVIEW);
        assertThat(uncommented.forType("call.missed").orElseThrow().match().ambiguous()).isEqualTo(Ambiguity.MOST_RECENT);
    }
}
