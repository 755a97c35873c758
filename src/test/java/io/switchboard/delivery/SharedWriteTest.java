package io.switchboard.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who writes a record several events of a batch want to write, and what is written. */
class SharedWriteTest {

    private static PlannedWrite activity(String time, String transcript) {
        return PlannedWrite.create(WriteRole.ACTIVITY, "Task", Map.of("Description", transcript), Map.of())
                .keyed("src:conversation", WriteVersion.of(OffsetDateTime.parse(time)));
    }

    @Test
    void theLaterVersionIsWrittenAndTheEarlierEventFollowsIt() {
        SharedWrite.Round<String> round = new SharedWrite.Round<>();
        round.add("later", activity("2026-11-20T15:00:00.700Z", "NEWER"));
        round.add("earlier", activity("2026-11-20T15:00:00.300Z", "OLDER"));
        SharedWrite<String> one = round.writes().get(0);
        assertThat(round.writes()).hasSize(1);
        assertThat(one.owner).isEqualTo("later");
        assertThat(one.write.fields()).containsEntry("Description", "NEWER");
        assertThat(one.followers).containsExactly("earlier");

        SharedWrite.Round<String> reversed = new SharedWrite.Round<>();
        reversed.add("earlier", activity("2026-11-20T15:00:00.300Z", "OLDER"));
        reversed.add("later", activity("2026-11-20T15:00:00.700Z", "NEWER"));
        assertThat(reversed.writes().get(0).owner).isEqualTo("later");
        assertThat(reversed.writes().get(0).followers).containsExactly("earlier");
    }

    @Test
    void twoUpdatesOfOnePersonMergeTheLaterValueWinningAndEachIsKeptForARetryAlone() {
        SharedWrite.Round<String> round = new SharedWrite.Round<>();
        round.add("first", PlannedWrite.update(WriteRole.PERSON, "Lead", "00Q1", Map.of("Title", "CEO", "Phone", "+1"),
                Map.of()).keyed("00Q1", null));
        round.add("second", PlannedWrite.update(WriteRole.PERSON, "Lead", "00Q1", Map.of("Title", "CTO"), Map.of())
                .keyed("00Q1", null));
        SharedWrite<String> one = round.writes().get(0);
        assertThat(one.write.fields()).containsEntry("Title", "CTO").containsEntry("Phone", "+1");
        assertThat(one.owner).isEqualTo("first");
        assertThat(one.followers).containsExactly("second");
        assertThat(one.merged).extracting(m -> m.owner).containsExactly("first", "second");
    }

    @Test
    void oneNewPersonIsCreatedByTheEventThatNamesMoreAndSharingAnyIdentityIsEnough() {
        SharedWrite.Round<String> round = new SharedWrite.Round<>();
        round.add("byPhone", PlannedWrite.create(WriteRole.PERSON, "Contact", Map.of(), Map.of())
                .keyed(List.of("+14155550100"), null));
        round.add("withCompany", PlannedWrite.create(WriteRole.PERSON, "Contact", Map.of(),
                Map.of("AccountId", WriteRef.of(WriteRole.ACCOUNT))).keyed(List.of("b@example.com", "+14155550100"), null));
        assertThat(round.writes()).hasSize(1);
        assertThat(round.writes().get(0).owner).isEqualTo("withCompany");
        assertThat(round.writes().get(0).followers).containsExactly("byPhone");
    }

    @Test
    void unkeyedWritesAreNeverShared() {
        SharedWrite.Round<String> round = new SharedWrite.Round<>();
        round.add("a", PlannedWrite.create(WriteRole.CASE, "Case", Map.of(), Map.of()));
        round.add("b", PlannedWrite.create(WriteRole.CASE, "Case", Map.of(), Map.of()));
        assertThat(round.writes()).hasSize(2);
    }
}
