package io.switchboard.matching;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.model.Interaction;
import io.switchboard.model.InteractionEvent;
import io.switchboard.model.Match;
import io.switchboard.model.Participant;
import io.switchboard.model.RecordOrigin;
import io.switchboard.testing.RuleBuilder;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Participants become interactions to match with the batch and come back to their event, each person once. */
class ParticipantMatchesTest {

    private static Interaction call(String data) throws Exception {
        InteractionEvent event = new InteractionEvent("e1", "phone", "call.outbound", OffsetDateTime.parse("2026-11-20T15:00:00Z"),
                "call-1", new ObjectMapper().readTree(data));
        return Interaction.received(new RecordOrigin("t", 0, 0, null, new byte[0]), event)
                .withRule(RuleBuilder.rule().build());
    }

    @Test
    void everyParticipantIsMatchedAsItsOwnPersonWithoutThePrimaryPersonsNumbers() throws Exception {
        Interaction i = call("""
                {"person": {"email": "host@example.com"},
                 "participants": [{"email": "a@example.com", "role": "host"}, {"phone": "+14155550101"}],
                 "call": {"toNumber": "+14155550199", "durationSeconds": 60}}""");
        List<Interaction> expanded = ParticipantMatches.expand(List.of(i));
        assertThat(expanded).hasSize(3);
        assertThat(expanded.get(1).event().text("person.email")).contains("a@example.com");
        assertThat(expanded.get(1).event().text("person.role")).contains("host");
        assertThat(expanded.get(2).event().text("person.phone")).contains("+14155550101");
        assertThat(expanded.get(2).event().text("call.toNumber")).isEmpty();
        assertThat(expanded.get(2).event().text("call.durationSeconds")).contains("60");
        assertThat(expanded.get(2).event().node("participants").isMissingNode()).isTrue();
    }

    @Test
    void someoneNamedTwiceCountsOnceAndSomeoneWithNothingToMatchOnIsLeftOut() throws Exception {
        Interaction i = call("""
                {"person": {"email": "host@example.com"},
                 "participants": [{"email": "a@example.com"}, {"email": "HOST@example.com"}, {"name": "Nobody"},
                                  {"email": "a@example.com"}, {"email": "b@example.com"}]}""");
        List<Interaction> expanded = ParticipantMatches.expand(List.of(i));
        List<Interaction> matched = new ArrayList<>();
        matched.add(expanded.get(0).withMatch(new Match("Contact", "003000000000001AAA", "email", null, List.of(),
                "host@example.com")).withNote("matching: cost"));
        matched.add(expanded.get(1).withMatch(new Match("Contact", "003000000000002AAA", "email", null, List.of(),
                "a@example.com")).withNote("matching: Contact 003000000000002AAA by email").withNote("matching: cost"));
        matched.add(expanded.get(2).withMatch(new Match("Contact", "003000000000001AAA", "email", null, List.of(),
                "host@example.com")).withNote("matching: cost"));
        matched.add(expanded.get(3).withMatch(Match.none(null)).withNote("matching: cost"));
        matched.add(expanded.get(4).withMatch(new Match("Contact", "003000000000002AAA", "email", null, List.of(),
                "a@example.com")).withNote("matching: cost"));
        matched.add(expanded.get(5).withMatch(Match.none("b@example.com")).withNote("matching: cost"));

        Interaction folded = ParticipantMatches.fold(List.of(i), matched).get(0);
        assertThat(folded.participants()).extracting(Participant::number).containsExactly(1, 5);
        assertThat(folded.participants().get(1).match().found()).isFalse();
        assertThat(folded.notes()).contains("participant 1: matching: Contact 003000000000002AAA by email",
                "participant 2 is someone already named on this interaction: counted once",
                "participant 3 has no email, number or Salesforce id to match on: left out",
                "participant 4 is someone already named on this interaction: counted once");
        assertThat(folded.notes()).filteredOn("matching: cost"::equals).hasSize(1);
    }
}
