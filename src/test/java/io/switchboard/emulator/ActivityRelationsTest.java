package io.switchboard.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Shared Activities in the emulated org: TaskRelation / EventRelation and their documented (and stricter) rules. */
class ActivityRelationsTest {

    Org org;

    @BeforeEach
    void freshOrg() {
        org = new Org(Schema.load(null), Clock.systemUTC(), Duration.ZERO, "integration@switchboard.local");
    }

    private String contact(String name) {
        return org.insert("Contact", Map.of("LastName", name));
    }

    private ApiException refused(Runnable write) {
        return catchThrowableOfType(write::run, ApiException.class);
    }

    private static String code(ApiException e) {
        return e.errors().get(0).errorCode();
    }

    @Test
    void aTasksWhoIdAndWhatIdAreRelationsTheOrgKeeps() {
        String who = contact("Primary");
        String account = org.insert("Account", Map.of("Name", "Acme"));
        String task = org.insert("Task", Map.of("Subject", "Call", "WhoId", who, "WhatId", account));
        assertThat(org.query("SELECT RelationId, IsWhat FROM TaskRelation WHERE TaskId = '" + task + "'"))
                .extracting(r -> r.get("RelationId") + "/" + r.get("IsWhat"))
                .containsExactlyInAnyOrder(who + "/false", account + "/true");

        String other = contact("Other");
        org.modify("Task", task, Map.of("WhoId", other));
        assertThat(org.query("SELECT RelationId FROM TaskRelation WHERE TaskId = '" + task + "' AND IsWhat = false"))
                .extracting(r -> r.get("RelationId")).containsExactly(other);
    }

    @Test
    void aTaskIsRelatedToUpTo50ContactsOrOneLeadNeverBoth() {
        String task = org.insert("Task", Map.of("Subject", "Conference", "WhoId", contact("Host")));
        for (int i = 0; i < 49; i++) {
            org.insert("TaskRelation", Map.of("TaskId", task, "RelationId", contact("Guest " + i)));
        }
        assertThat(code(refused(() -> org.insert("TaskRelation", Map.of("TaskId", task, "RelationId", contact("51st"))))))
                .isEqualTo("FIELD_INTEGRITY_EXCEPTION");
        String lead = org.insert("Lead", Map.of("LastName", "Lead", "Company", "X"));
        assertThat(code(refused(() -> org.insert("TaskRelation", Map.of("TaskId", task, "RelationId", lead)))))
                .isEqualTo("FIELD_INTEGRITY_EXCEPTION");

        String leadTask = org.insert("Task", Map.of("Subject", "Lead call", "WhoId", lead));
        assertThat(code(refused(() -> org.insert("TaskRelation", Map.of("TaskId", leadTask, "RelationId", contact("C"))))))
                .isEqualTo("FIELD_INTEGRITY_EXCEPTION");
    }

    @Test
    void aRelationGivenTwiceIsADuplicateAndIsWhatFollowsTheRecord() {
        String who = contact("Primary");
        String task = org.insert("Task", Map.of("Subject", "Call", "WhoId", who));
        ApiException twice = refused(() -> org.insert("TaskRelation", Map.of("TaskId", task, "RelationId", who)));
        assertThat(code(twice)).isEqualTo("DUPLICATE_VALUE");
        assertThat(twice.errors().get(0).message()).contains("<unknown>");
        assertThat(code(refused(() -> org.insert("TaskRelation", Map.of("TaskId", task, "RelationId", contact("X"),
                "IsWhat", true))))).isEqualTo("FIELD_INTEGRITY_EXCEPTION");
        // a relation cannot be changed, only created and deleted (TaskRelation supports no update)
        String id = org.insert("TaskRelation", Map.of("TaskId", task, "RelationId", contact("Y")));
        assertThat(code(refused(() -> org.modify("TaskRelation", id, Map.of("RelationId", who)))))
                .isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
    }

    @Test
    void withoutSharedActivitiesTaskRelationIsNotThereAndEventRelationHoldsInviteesOnly() {
        org.setSharedActivities(false);
        String who = contact("Primary");
        String task = org.insert("Task", Map.of("Subject", "Call", "WhoId", who));
        assertThat(code(refused(() -> org.insert("TaskRelation", Map.of("TaskId", task, "RelationId", contact("X"))))))
                .isEqualTo("NOT_FOUND");
        assertThat(code(refused(() -> org.query("SELECT Id FROM TaskRelation")))).isEqualTo("INVALID_TYPE");
        assertThat(org.schema().objects()).extracting(ObjectDef::name).doesNotContain("TaskRelation");
        assertThat(org.schema().object("EventRelation").field("IsParent")).isNull();

        String event = org.insert("Event", Map.of("Subject", "Meeting", "WhoId", who,
                "StartDateTime", "2026-11-20T15:00:00Z", "EndDateTime", "2026-11-20T15:30:00Z"));
        assertThat(code(refused(() -> org.insert("EventRelation", Map.of("EventId", event, "RelationId", contact("Y"),
                "IsParent", true))))).isEqualTo("INVALID_FIELD");
        assertThat(code(refused(() -> org.insert("EventRelation", Map.of("EventId", event, "RelationId", contact("Z"),
                "IsInvitee", false))))).isEqualTo("FIELD_INTEGRITY_EXCEPTION");
        org.insert("EventRelation", Map.of("EventId", event, "RelationId", contact("Invitee")));
        assertThat(org.query("SELECT Id FROM EventRelation WHERE EventId = '" + event + "'")).hasSize(1);

        org.reset();
        assertThat(org.sharedActivities()).isTrue();
        assertThat(org.schema().object("TaskRelation")).isNotNull();
    }

    @Test
    void anEventIsRelatedToItsPeopleThroughIsParent() {
        String who = contact("Primary");
        String event = org.insert("Event", Map.of("Subject", "Meeting", "WhoId", who,
                "StartDateTime", "2026-11-20T15:00:00Z", "EndDateTime", "2026-11-20T15:30:00Z"));
        String other = contact("Other");
        org.insert("EventRelation", Map.of("EventId", event, "RelationId", other, "IsParent", true, "IsInvitee", false));
        List<Map<String, Object>> people = org.query("SELECT RelationId FROM EventRelation WHERE EventId = '" + event
                + "' AND IsParent = true");
        assertThat(people).extracting(r -> r.get("RelationId")).containsExactlyInAnyOrder(who, other);
    }
}
