package io.switchboard.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.rule.NewPerson;
import org.junit.jupiter.api.Test;

/** A person's decision travels in a Kafka header: written and read back whole, and only what can be followed. */
class ResolutionTest {

    @Test
    void eachDecisionSurvivesItsHeader() {
        for (Resolution r : new Resolution[] {
                Resolution.deliverTo("003000000000001AAA", "ann", "asked for reception"),
                Resolution.create(NewPerson.CONTACT, "bob", null),
                Resolution.skip("jmx", "a wrong number")}) {
            assertThat(Resolution.fromHeader(r.toHeader())).contains(r);
        }
    }

    @Test
    void aHeaderThatCannotBeFollowedIsNoDecision() {
        assertThat(Resolution.fromHeader(null)).isEmpty();
        assertThat(Resolution.fromHeader(" ")).isEmpty();
        assertThat(Resolution.fromHeader("deliver to 003")).isEmpty();
        assertThat(Resolution.fromHeader("{\"action\":\"DELIVER\"}")).as("no record").isEmpty();
        assertThat(Resolution.fromHeader("{\"action\":\"DELIVER\",\"recordId\":\"003' OR Id != '\"}"))
                .as("not an id: it would reach SOQL").isEmpty();
        assertThat(Resolution.fromHeader("{\"action\":\"CREATE\",\"create\":\"ACCOUNT\"}")).isEmpty();
        assertThat(Resolution.fromHeader("{\"action\":\"MERGE\"}")).isEmpty();
        assertThat(Resolution.fromHeader("{\"action\":\"SKIP\",\"by\":\"ann\",\"extra\":1}")).as("unknown members")
                .isEmpty();
    }

    @Test
    void itsDescriptionSaysWhoDecidedWhat() {
        assertThat(Resolution.deliverTo("003000000000001AAA", "ann", null).describe())
                .isEqualTo("review: ann chose 003000000000001AAA");
        assertThat(Resolution.create(NewPerson.LEAD, null, null).describe())
                .isEqualTo("review: an operator chose to create a Lead");
        assertThat(Resolution.skip("bob", "spam").describe()).isEqualTo("review: bob skipped it: spam");
    }
}
