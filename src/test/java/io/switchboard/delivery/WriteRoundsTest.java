package io.switchboard.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteRoundsTest {

    private static PlannedWrite write(WriteRole ref, String sObject, String... keys) {
        return PlannedWrite.create(ref, sObject, Map.of(), Map.of()).keyed(List.of(keys), null);
    }

    @Test
    void eachWriteLeavesAsSoonAsItsEventsEarlierPhasesAreDone() {
        PlannedWrite knownTask = write(WriteRole.ACTIVITY, "Task", "src:1");
        PlannedWrite member = write(WriteRole.CAMPAIGN_MEMBER, "CampaignMember");
        PlannedWrite lead = write(WriteRole.PERSON, "Lead", "a@example.com");
        PlannedWrite newTask = write(WriteRole.ACTIVITY, "Task", "src:2");

        Map<PlannedWrite, Integer> rounds = WriteRounds.of(List.of(List.of(knownTask), List.of(member),
                List.of(lead, newTask)));

        assertThat(rounds.get(knownTask)).isEqualTo(1);
        assertThat(rounds.get(member)).isEqualTo(1);
        assertThat(rounds.get(lead)).isEqualTo(1);
        assertThat(rounds.get(newTask)).isEqualTo(2);
    }

    @Test
    void writesMadeOnceForSeveralEventsShareTheLatestRoundAndCarryTheirEventsOnwards() {
        // B creates its company's Account before the person; A shares that person by one of its identities
        PlannedWrite account = write(WriteRole.ACCOUNT, "Account");
        PlannedWrite personB = write(WriteRole.PERSON, "Contact", "b@example.com", "+14155550100");
        PlannedWrite taskB = write(WriteRole.ACTIVITY, "Task", "src:b");
        PlannedWrite personA = write(WriteRole.PERSON, "Contact", "+14155550100");
        PlannedWrite taskA = write(WriteRole.ACTIVITY, "Task", "src:a");
        // C is the same conversation as A's task, from a known person
        PlannedWrite taskC = write(WriteRole.ACTIVITY, "Task", "src:a");

        Map<PlannedWrite, Integer> rounds = WriteRounds.of(List.of(List.of(personA, taskA),
                List.of(account, personB, taskB), List.of(taskC)));

        assertThat(rounds.get(account)).isEqualTo(1);
        assertThat(rounds.get(personA)).isEqualTo(2);
        assertThat(rounds.get(personB)).isEqualTo(2);
        assertThat(rounds.get(taskA)).isEqualTo(3);
        assertThat(rounds.get(taskB)).isEqualTo(3);
        assertThat(rounds.get(taskC)).as("one conversation's activity is written once, in one round").isEqualTo(3);
    }
}
