package io.switchboard.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.matching.MatchingProperties;
import io.switchboard.matching.PhoneNumbers;
import io.switchboard.model.Interaction;
import io.switchboard.model.InteractionEvent;
import io.switchboard.model.rule.TypeRule;
import io.switchboard.rules.RulesLoader;
import io.switchboard.salesforce.OrgMetadata;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What an event does to its interaction's existing activity under {@code activity.mode: update-existing}. */
class ExistingActivityUpdatesTest {

    private static final DeliveryProperties PROPERTIES = new DeliveryProperties("Switchboard_Event_Id__c",
            "Switchboard_Event_Time__c", "Switchboard_Event_Sequence__c", "Switchboard_Person_Key__c", "", "",
            Duration.ofMinutes(10));
    private static final OrgMetadata ORG = new OrgMetadata(null) {
        @Override
        public Optional<ObjectDescription> describe(String sObject) {
            return Optional.of(new ObjectDescription(sObject, Map.of(
                    "Description", new FieldDescription("Description", "textarea", 32_000, true, true, false, List.of(), false),
                    "Switchboard_Event_Time__c", new FieldDescription("Switchboard_Event_Time__c", "datetime", 0, true, true, false, List.of(), false),
                    "Switchboard_Event_Sequence__c", new FieldDescription("Switchboard_Event_Sequence__c", "double", 0, true, true, false, List.of(), false))));
        }
    };
    private static final TypeRule RULE = new RulesLoader().parse("""
            types:
              call.recording:
                activity:
                  mode: update-existing
                  description: |-
                    Recording: {call.recordingUrl}
                    Recording length: {call.recordingDurationSeconds} s
            """, "rules.yaml").byType().get("call.recording");
    private static final String KEY = "twilio:twilio-call-CA1";

    private final ExistingActivityUpdates updates = new ExistingActivityUpdates(
            new FieldValues(new PhoneNumbers(new MatchingProperties("US")), ORG), new FieldAccess(ORG),
            new DeliveryLookups(null, PROPERTIES, ORG), PROPERTIES, ORG);

    private static Interaction recording(String subject, String time) {
        var data = new ObjectMapper().createObjectNode();
        data.putObject("call").put("recordingUrl", "https://api.twilio.com/Recordings/RE1").put("recordingDurationSeconds", 93);
        InteractionEvent event = new InteractionEvent("twilio-recording-RE1-completed", "twilio", "call.recording",
                OffsetDateTime.parse(time), subject, data);
        return Interaction.received(null, event).withRule(RULE);
    }

    private static DeliveryLookups.Found found(Map<String, DeliveryLookups.Existing> activities) {
        return new DeliveryLookups.Found(Map.of(), Map.of(), Map.of(), activities, Map.of(), Set.of(), Map.of(), Map.of(), Set.of());
    }

    @Test
    void theLinesTheTaskLacksAreAddedToItsDescriptionAndItsVersionMovesOn() {
        DeliveryPlan plan = updates.plan(recording("twilio-call-CA1", "2024-11-26T12:10:05Z"), found(Map.of("Task/" + KEY,
                new DeliveryLookups.Existing("00T1", "2024-11-26T12:10:05.000+0000", 0L,
                        "Inbound call\nRecording: https://api.twilio.com/Recordings/RE1"))));
        assertThat(plan.failure()).isNull();
        assertThat(plan.writes()).singleElement().satisfies(w -> {
            assertThat(w.kind()).isEqualTo(PlannedWrite.Kind.UPDATE);
            assertThat(w.id()).isEqualTo("00T1");
            assertThat(w.fields()).containsEntry("Description",
                    "Inbound call\nRecording: https://api.twilio.com/Recordings/RE1\nRecording length: 93 s")
                    .containsKey("Switchboard_Event_Time__c").doesNotContainKeys("Subject", "Status", "WhoId");
        });
    }

    @Test
    void aReplayChangesNothing() {
        DeliveryPlan plan = updates.plan(recording("twilio-call-CA1", "2024-11-26T12:10:05Z"), found(Map.of("Task/" + KEY,
                new DeliveryLookups.Existing("00T1", null, null,
                        "Inbound call\nRecording: https://api.twilio.com/Recordings/RE1\nRecording length: 93 s"))));
        assertThat(plan.writes()).isEmpty();
        assertThat(plan.kept().id()).isEqualTo("00T1");
        assertThat(plan.failure()).isNull();
    }

    @Test
    void anActivityHoldingALaterUpdateGainsTheLinesButKeepsItsVersion() {
        DeliveryPlan plan = updates.plan(recording("twilio-call-CA1", "2024-11-26T12:10:05Z"), found(Map.of("Task/" + KEY,
                new DeliveryLookups.Existing("00T1", "2024-11-26T13:00:00.000+0000", 0L, ""))));
        assertThat(plan.writes()).singleElement().satisfies(w -> assertThat(w.fields())
                .containsKey("Description").doesNotContainKeys("Switchboard_Event_Time__c", "Switchboard_Event_Sequence__c"));
    }

    @Test
    void noActivityYetIsADeadLetterToReplayNeverATaskOfItsOwn() {
        DeliveryPlan plan = updates.plan(recording("twilio-call-CA1", "2024-11-26T12:10:05Z"), found(Map.of()));
        assertThat(plan.writes()).isEmpty();
        assertThat(plan.failure().code()).isEqualTo(ExistingActivityUpdates.NOT_LOGGED_YET);
        assertThat(plan.failure().message()).contains("'twilio-call-CA1'").contains("Replay this event once");

        DeliveryPlan noSubject = updates.plan(recording(null, "2024-11-26T12:10:05Z"), found(Map.of()));
        assertThat(noSubject.failure().message()).contains("no subject");
    }

    @Test
    void aRecordingInTheBatchThatCreatesItsCallsTaskJoinsThatCreateAndFollowsIt() {
        Interaction call = Interaction.received(null, new InteractionEvent("twilio-call-CA1-completed-3", "twilio",
                "call.inbound", OffsetDateTime.parse("2024-11-26T12:10:05Z"), "twilio-call-CA1",
                new ObjectMapper().createObjectNode())).withRule(RULE);
        PlannedWrite person = PlannedWrite.create(WriteRole.PERSON, "Lead", Map.of("LastName", "Lee"), Map.of()).keyed("+14155550172", null);
        PlannedWrite task = PlannedWrite.create(WriteRole.ACTIVITY, "Task", Map.of("Subject", "Inbound call from Jordan Lee",
                        "Description", "Wait time: 4 s", "Switchboard_Event_Id__c", KEY), Map.of("WhoId", WriteRef.of(WriteRole.PERSON)))
                .keyed(KEY, WriteVersion.of(OffsetDateTime.parse("2024-11-26T12:10:05Z")));
        DeliveryPlan callPlan = new DeliveryPlan(call, List.of(person, task), null, null, List.of(), null);
        DeliveryPlan waiting = updates.plan(recording("twilio-call-CA1", "2024-11-26T12:10:06Z"), found(Map.of()));
        assertThat(waiting.failure().code()).isEqualTo(ExistingActivityUpdates.NOT_LOGGED_YET);

        List<DeliveryPlan> joined = updates.joinedInBatch(List.of(waiting, callPlan));
        assertThat(joined.get(1).writes().get(1).fields()).containsEntry("Description",
                "Wait time: 4 s\nRecording: https://api.twilio.com/Recordings/RE1\nRecording length: 93 s")
                .containsEntry("Subject", "Inbound call from Jordan Lee");
        DeliveryPlan follows = joined.get(0);
        assertThat(follows.failure()).isNull();
        assertThat(follows.notes()).anySatisfy(n -> assertThat(n).contains("twilio-call-CA1-completed-3"));

        // written once, as the call's create: the recording's write is of the same key, an earlier version, so it
        // leaves in the call's round and follows it
        Map<PlannedWrite, Integer> rounds = WriteRounds.of(List.of(follows.writes(), joined.get(1).writes()));
        assertThat(rounds.get(follows.writes().get(0))).isEqualTo(rounds.get(joined.get(1).writes().get(1))).isEqualTo(2);
        SharedWrite.Round<String> round = new SharedWrite.Round<>();
        round.add("recording", follows.writes().get(0));
        round.add("call", joined.get(1).writes().get(1));
        assertThat(round.writes()).singleElement().satisfies(shared -> {
            assertThat(shared.owner).isEqualTo("call");
            assertThat(shared.followers).containsExactly("recording");
            assertThat(shared.write.refs()).containsKey("WhoId");
            assertThat(String.valueOf(shared.write.fields().get("Description"))).contains("Recording length: 93 s");
        });
    }
}
