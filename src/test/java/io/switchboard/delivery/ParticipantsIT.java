package io.switchboard.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Several people on one call: one activity related to all of them (Shared Activities) or one each, exactly once
 * through replays, with unknown participants created as the rule says, each once.
 */
class ParticipantsIT extends EndToEndTest {

    private String contact(String name, String email) {
        return bed.salesforce().org().insert("Contact", Map.of("LastName", name, "Email", email));
    }

    private Map<String, Object> call(String id, String type, String primaryEmail, List<Map<String, Object>> others) {
        return event(id, type, Map.of(
                "person", Map.of("email", primaryEmail, "lastName", "Host"),
                "participants", others,
                "call", Map.of("direction", "outbound", "durationSeconds", 1800, "toNumber", "+14155550199"),
                "content", Map.of("summary", "Quarterly review with the whole team.")));
    }

    private JsonNode deliver(String id, Map<String, Object> event, int outcomes) {
        publish(TestBed.CALLS, id, event);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> outcomesOf(id).size() >= outcomes);
        JsonNode outcome = outcomesOf(id).get(outcomes - 1);
        assertThat(outcome.path("decision").asText()).as(outcome.toString()).isEqualTo("delivered");
        return outcome;
    }

    @Test
    void aThreePersonCallLogsOneTaskRelatedToAllThreeAndAReplayRelatesNobodyTwice() {
        String host = unique("host") + "@example.com";
        String guestA = unique("guest-a") + "@example.com";
        String guestB = unique("guest-b") + "@example.com";
        String hostId = contact("Host", host);
        String aId = contact("Guest A", guestA);
        String bId = contact("Guest B", guestB);
        String id = unique("conf");
        Map<String, Object> event = call(id, "test.call-shared", host, List.of(
                Map.of("email", guestA, "role", "attendee"), Map.of("email", guestB.toUpperCase(), "role", "attendee"),
                Map.of("email", host)));

        JsonNode outcome = deliver(id, event, 1);
        String taskId = outcome.path("activity").path("id").asText();
        assertThat(query("SELECT Id, WhoId FROM Task WHERE WhoId IN ('" + hostId + "', '" + aId + "', '" + bId + "')"))
                .singleElement().satisfies(t -> assertThat(t).containsEntry("Id", taskId).containsEntry("WhoId", hostId));
        assertThat(relatedTo(taskId)).containsExactlyInAnyOrder(hostId, aId, bId);
        assertThat(outcome.path("records").findValuesAsText("object")).containsExactly("TaskRelation", "TaskRelation");
        assertThat(outcome.path("records").findValuesAsText("url")).allMatch(u -> u.contains("/lightning/r/TaskRelation/"));
        assertThat(outcome.path("notes").toString()).contains("participant 3 is someone already named");

        JsonNode again = deliver(id, event, 2);
        assertThat(again.path("activity").path("id").asText()).isEqualTo(taskId);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + hostId + "'")).hasSize(1);
        assertThat(relatedTo(taskId)).containsExactlyInAnyOrder(hostId, aId, bId);
    }

    @Test
    void aThreePersonCallLogsThreeTasksWithAnUnknownParticipantCreatedOnceThroughReplays() {
        String host = unique("host") + "@example.com";
        String known = unique("known") + "@example.com";
        String stranger = unique("stranger") + "@example.com";
        String hostId = contact("Host", host);
        String knownId = contact("Known", known);
        String id = unique("conf");
        Map<String, Object> event = call(id, "test.call-each", host, List.of(
                Map.of("email", known, "lastName", "Known"),
                Map.of("email", stranger, "firstName", "New", "lastName", "Stranger", "company", "Far Away")));

        JsonNode outcome = deliver(id, event, 1);
        List<Map<String, Object>> leads = query("SELECT Id, LastName, Company FROM Lead WHERE Email = '" + stranger + "'");
        assertThat(leads).singleElement().satisfies(l -> assertThat(l).containsEntry("LastName", "Stranger")
                .containsEntry("Company", "Far Away"));
        String leadId = (String) leads.get(0).get("Id");
        List<Map<String, Object>> tasks = query("SELECT Id, WhoId, Subject, Description FROM Task WHERE WhoId IN ('"
                + hostId + "', '" + knownId + "', '" + leadId + "')");
        assertThat(tasks).extracting(t -> t.get("WhoId")).containsExactlyInAnyOrder(hostId, knownId, leadId);
        assertThat(tasks).extracting(t -> t.get("Subject")).contains("Conference call with New Stranger");
        assertThat(tasks).allSatisfy(t -> assertThat(t).containsEntry("Description", "Quarterly review with the whole team."));
        assertThat(outcome.path("activity").path("id").asText())
                .isEqualTo(tasks.stream().filter(t -> hostId.equals(t.get("WhoId"))).findFirst().orElseThrow().get("Id"));
        assertThat(outcome.path("records").findValuesAsText("object")).containsExactlyInAnyOrder("Lead", "Task", "Task");

        deliver(id, event, 2);
        assertThat(query("SELECT Id FROM Lead WHERE Email = '" + stranger + "'")).hasSize(1);
        assertThat(query("SELECT Id FROM Task WHERE WhoId IN ('" + hostId + "', '" + knownId + "', '" + leadId + "')"))
                .hasSize(3);

        // the same stranger on another call is matched, not created again
        String next = unique("conf");
        deliver(next, call(next, "test.call-each", host, List.of(Map.of("email", stranger))), 1);
        assertThat(query("SELECT Id FROM Lead WHERE Email = '" + stranger + "'")).hasSize(1);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + leadId + "'")).hasSize(2);
    }

    @Test
    void aSharedTaskRelatesContactsOnlyBesideAContactAndNotesTheLeadItCannotRelate() {
        String host = unique("host") + "@example.com";
        String guest = unique("guest") + "@example.com";
        String newcomer = unique("newcomer") + "@example.com";
        String hostId = contact("Host", host);
        String guestId = contact("Guest", guest);
        String id = unique("conf");
        JsonNode outcome = deliver(id, call(id, "test.call-shared", host, List.of(Map.of("email", guest),
                Map.of("email", newcomer, "lastName", "Newcomer"))), 1);

        String taskId = outcome.path("activity").path("id").asText();
        assertThat(relatedTo(taskId)).containsExactlyInAnyOrder(hostId, guestId);
        // the newcomer became a Lead, as the rule's whenNoMatch says, which Salesforce cannot relate beside Contacts
        assertThat(query("SELECT Id FROM Lead WHERE Email = '" + newcomer + "'")).hasSize(1);
        assertThat(outcome.path("notes").toString()).contains("participant 2 (a new Lead) is not related to the Task");
    }

    @Test
    void aSharedEventRelatesItsPeopleAsParentsNotInvitees() {
        String host = unique("host") + "@example.com";
        String guest = unique("guest") + "@example.com";
        String hostId = contact("Host", host);
        String guestId = contact("Guest", guest);
        String id = unique("meet");
        JsonNode outcome = deliver(id, call(id, "test.event-shared", host, List.of(Map.of("email", guest))), 1);

        String eventId = outcome.path("activity").path("id").asText();
        assertThat(outcome.path("activity").path("object").asText()).isEqualTo("Event");
        assertThat(query("SELECT RelationId, IsInvitee FROM EventRelation WHERE EventId = '" + eventId
                + "' AND IsParent = true")).extracting(r -> r.get("RelationId") + "/" + r.get("IsInvitee"))
                .containsExactlyInAnyOrder(hostId + "/false", guestId + "/false");
    }

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Test
    void theDryRunShowsEachParticipantsMatchAndTheRelationsItWouldWrite() throws Exception {
        String host = unique("host") + "@example.com";
        String guest = unique("guest") + "@example.com";
        String hostId = contact("Host", host);
        String guestId = contact("Guest", guest);
        String stranger = unique("stranger") + "@example.com";
        Map<String, Object> event = call(unique("dry"), "test.call-shared", host, List.of(Map.of("email", guest),
                Map.of("email", stranger)));
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/dry-run"))
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                "operator:test-operator-password".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(toJson(event))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonNode report = json.readTree(response.body());
        assertThat(report.path("decision").asText()).isEqualTo("would-deliver");
        assertThat(report.path("rule").path("participants").asText()).isEqualTo("shared");
        assertThat(report.path("participants").get(0).path("id").asText()).isEqualTo(guestId);
        assertThat(report.path("participants").get(1).path("by").asText()).isEqualTo("none");
        JsonNode relation = null;
        JsonNode newLead = null;
        for (JsonNode write : report.path("writes")) {
            if (write.path("sObject").asText().equals("TaskRelation")) {
                relation = write;
            }
            if (write.path("sObject").asText().equals("Lead")) {
                newLead = write;
            }
        }
        assertThat(relation).isNotNull();
        assertThat(relation.path("fields").path("RelationId").asText()).isEqualTo(guestId);
        assertThat(relation.path("refs").path("TaskId").asText()).isEqualTo("activity");
        assertThat(newLead.path("party").asInt()).isEqualTo(2);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + hostId + "'")).isEmpty();
        assertThat(query("SELECT Id FROM Lead WHERE Email = '" + stranger + "'")).isEmpty();
    }

    private List<Object> relatedTo(String taskId) {
        return query("SELECT RelationId FROM TaskRelation WHERE TaskId = '" + taskId + "' AND IsWhat = false")
                .stream().map(r -> r.get("RelationId")).toList();
    }
}
