package io.switchboard.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** What delivery writes, end to end over Kafka and the emulated org. */
class DeliveryWritesIT extends EndToEndTest {

    private Map<String, Object> at(String id, String type, String time, String subject, Map<String, Object> data) {
        Map<String, Object> event = new HashMap<>(event(id, type, data));
        event.put("time", time);
        if (subject == null) {
            event.remove("subject");
        } else {
            event.put("subject", subject);
        }
        return event;
    }

    @Test
    void aGrowingConversationUpdatesOneTaskAndALateUpdateNeverOverwritesANewerOne() {
        String email = unique("chat") + "@example.com";
        String conversation = unique("conv");
        String first = unique("evt");
        String third = unique("evt");
        String second = unique("evt");
        Map<String, Object> person = Map.of("email", email, "lastName", "Chatter");
        publish(TestBed.CONVERSATIONS, email, at(first, "conversation.updated", "2026-11-20T15:00:00Z", conversation,
                Map.of("person", person, "content", Map.of("transcript", "Hi"))));
        publish(TestBed.CONVERSATIONS, email, at(third, "conversation.updated", "2026-11-20T15:02:00Z", conversation,
                Map.of("person", person, "content", Map.of("transcript", "Hi\nHello\nBye"))));
        publish(TestBed.CONVERSATIONS, email, at(second, "conversation.updated", "2026-11-20T15:01:00Z", conversation,
                Map.of("person", person, "content", Map.of("transcript", "Hi\nHello"))));

        String taskId = awaitOutcome(first).path("activity").path("id").asText();
        assertThat(awaitOutcome(third).path("activity").path("id").asText()).isEqualTo(taskId);
        JsonNode late = awaitOutcome(second);
        assertThat(late.path("decision").asText()).isEqualTo("delivered");
        assertThat(late.path("activity").path("id").asText()).isEqualTo(taskId);
        assertThat(late.path("notes").toString()).contains("later update");

        String leadId = query("SELECT Id FROM Lead WHERE Email = '" + email + "'").get(0).get("Id").toString();
        List<Map<String, Object>> tasks = query("SELECT Id, Description, Status FROM Task WHERE WhoId = '" + leadId + "'");
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0).get("Description").toString()).endsWith("Hi\nHello\nBye");
        assertThat(tasks.get(0)).containsEntry("Status", "In Progress");
    }

    /**
     * Salesforce keeps datetimes to the second: two updates within one second are told apart by the sequence field
     * (microseconds within the second), whichever arrives first. Each is published after the other's outcome, so
     * the order is decided against what Salesforce holds, not within one batch.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "newer first: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void twoUpdatesWithinOneSecondEndWithTheNewerWhicheverArrivesFirst(boolean newerFirst) {
        String email = unique("second") + "@example.com";
        String conversation = unique("conv");
        Map<String, Object> person = Map.of("email", email, "lastName", "Sameseconds");
        String older = unique("evt");
        String newer = unique("evt");
        Map<String, Object> olderEvent = at(older, "conversation.updated", "2026-11-20T15:00:00.300Z", conversation,
                Map.of("person", person, "content", Map.of("transcript", "OLDER")));
        Map<String, Object> newerEvent = at(newer, "conversation.updated", "2026-11-20T15:00:00.700Z", conversation,
                Map.of("person", person, "content", Map.of("transcript", "NEWER")));
        publish(TestBed.CONVERSATIONS, email, newerFirst ? newerEvent : olderEvent);
        String taskId = awaitOutcome(newerFirst ? newer : older).path("activity").path("id").asText();
        publish(TestBed.CONVERSATIONS, email, newerFirst ? olderEvent : newerEvent);
        JsonNode second = awaitOutcome(newerFirst ? older : newer);
        assertThat(second.path("activity").path("id").asText()).isEqualTo(taskId);
        if (newerFirst) {
            assertThat(second.path("notes").toString()).contains("later update");
        }
        Map<String, Object> task = query("SELECT Description, Switchboard_Event_Time__c, Switchboard_Event_Sequence__c "
                + "FROM Task WHERE Id = '" + taskId + "'").get(0);
        assertThat(task.get("Description").toString()).endsWith("NEWER");
        assertThat(task.get("Switchboard_Event_Time__c").toString()).startsWith("2026-11-20T15:00:00");
        assertThat(((Number) task.get("Switchboard_Event_Sequence__c")).longValue()).isEqualTo(700_000L);
    }

    /**
     * A replayed call is not looked up (its key field is unique): its create collides. A real org names the record
     * by its 15-character id, or says {@code <unknown>} when the user cannot see it; either way the replay updates the
     * one Task and creates none.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "record visible in the message: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void aReplayedCallUpdatesItsTaskWhateverTheDuplicateMessageSays(boolean visible) {
        bed.salesforce().org().setDuplicateRecordVisible(visible);
        try {
            String email = unique("replayed") + "@example.com";
            String id = unique("evt");
            Map<String, Object> call = at(id, "call.inbound", "2026-11-20T15:00:00Z", null,
                    Map.of("person", Map.of("email", email, "lastName", "Again")));
            publish(TestBed.CALLS, email, call);
            String taskId = awaitOutcome(id).path("activity").path("id").asText();
            publish(TestBed.CALLS, email, call);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> outcomesOf(id).size() == 2);
            JsonNode replay = outcomesOf(id).get(1);
            assertThat(replay.path("decision").asText()).isEqualTo("delivered");
            assertThat(replay.path("activity").path("id").asText()).isEqualTo(taskId);
            assertThat(replay.path("activity").path("action").asText()).isEqualTo("updated");
            assertThat(query("SELECT Id FROM Task WHERE Switchboard_Event_Id__c = 'test-phone-system:" + id + "'"))
                    .hasSize(1);
        } finally {
            bed.salesforce().org().setDuplicateRecordVisible(true);
        }
    }

    @Test
    void aNewPersonWhoseKeyIsTakenIsMatchedToThatRecordNotCreatedTwice() {
        String email = unique("keyed") + "@example.com";
        // created by another instance a moment ago, for an event under another Kafka key, its email not yet set
        String leadId = bed.salesforce().org().insert("Lead", Map.of("LastName", "Elsewhere", "Company", "Elsewhere Inc",
                "Switchboard_Person_Key__c", email));
        String id = unique("evt");
        publish(TestBed.CALLS, "another-key-" + email, event(id, "call.inbound",
                Map.of("person", Map.of("email", email, "lastName", "Keyed"))));
        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("decision").asText()).isEqualTo("delivered");
        assertThat(outcome.path("matched").path("id").asText()).isEqualTo(leadId);
        assertThat(outcome.path("notes").toString()).contains("already holds this person's key");
        assertThat(query("SELECT Id FROM Lead WHERE Switchboard_Person_Key__c = '" + email + "'")).hasSize(1);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + leadId + "'")).hasSize(1);
    }

    @Test
    void aNewPersonCarriesTheirKey() {
        String email = unique("carries") + "@example.com";
        String id = unique("evt");
        publish(TestBed.CALLS, email, event(id, "call.inbound", Map.of("person", Map.of("email", email, "lastName", "K"))));
        assertThat(awaitOutcome(id).path("decision").asText()).isEqualTo("delivered");
        assertThat(query("SELECT Switchboard_Person_Key__c FROM Lead WHERE Email = '" + email + "'"))
                .singleElement().satisfies(l -> assertThat(l).containsEntry("Switchboard_Person_Key__c", email));
    }

    /**
     * Salesforce archives old activities: {@code query} no longer sees them, {@code queryAll} does. A late update of
     * an archived conversation must still find its activity, and see that it holds a later update.
     */
    @Test
    void aLateUpdateFindsItsArchivedActivityAndLeavesTheNewerContent() {
        String email = unique("archived") + "@example.com";
        String conversation = unique("conv");
        Map<String, Object> person = Map.of("email", email, "lastName", "Archived");
        String newer = unique("evt");
        publish(TestBed.CONVERSATIONS, email, at(newer, "conversation.updated", "2026-11-20T15:05:00Z", conversation,
                Map.of("person", person, "content", Map.of("transcript", "NEWER"))));
        String taskId = awaitOutcome(newer).path("activity").path("id").asText();
        bed.salesforce().org().archive("Task", taskId);
        assertThat(query("SELECT Id FROM Task WHERE Id = '" + taskId + "'")).as("query hides archived activities").isEmpty();

        String older = unique("evt");
        publish(TestBed.CONVERSATIONS, email, at(older, "conversation.updated", "2026-11-20T15:01:00Z", conversation,
                Map.of("person", person, "content", Map.of("transcript", "OLDER"))));
        JsonNode late = awaitOutcome(older);
        assertThat(late.path("activity").path("id").asText()).isEqualTo(taskId);
        assertThat(late.path("notes").toString()).contains("later update");
        assertThat(bed.salesforce().org().get("Task", taskId).get("Description").toString()).endsWith("NEWER");
    }

    @Test
    void aTranscriptLongerThanTheDescriptionIsTruncatedWithAMarkerAndKeptWholeInANote() {
        String email = unique("long") + "@example.com";
        String conversation = unique("conv");
        String transcript = "word ".repeat(8_000) + "THE END";
        String id = unique("evt");
        Map<String, Object> event = at(id, "conversation.updated", "2026-11-20T15:00:00Z", conversation,
                Map.of("person", Map.of("email", email, "lastName", "Talker"), "content", Map.of("transcript", transcript)));
        publish(TestBed.CONVERSATIONS, email, event);

        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("decision").asText()).isEqualTo("delivered");
        String description = query("SELECT Description FROM Task WHERE Id = '" + outcome.path("activity").path("id").asText()
                + "'").get(0).get("Description").toString();
        assertThat(description).hasSizeLessThanOrEqualTo(32_000).contains("truncated by Switchboard").doesNotContain("THE END");
        List<Map<String, Object>> notes = query("SELECT Id, Title, Content FROM ContentNote WHERE Title = 'Full transcript "
                + "test-phone-system:" + conversation + "'");
        assertThat(notes).hasSize(1);
        String full = new String(Base64.getDecoder().decode(notes.get(0).get("Content").toString()), StandardCharsets.UTF_8);
        assertThat(full).contains("THE END").hasSizeGreaterThan(40_000);
        String leadId = outcome.path("records").get(0).path("id").asText();
        assertThat(query("SELECT Id FROM ContentDocumentLink WHERE ContentDocumentId = '" + notes.get(0).get("Id")
                + "' AND LinkedEntityId = '" + leadId + "'")).hasSize(1);

        publish(TestBed.CONVERSATIONS, email, event);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> outcomesOf(id).size() == 2);
        assertThat(query("SELECT Id FROM ContentNote WHERE Title = 'Full transcript test-phone-system:" + conversation + "'"))
                .hasSize(1);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + leadId + "'")).hasSize(1);
    }

    @Test
    void campaignMembershipOnlyMovesForward() {
        String email = unique("camp") + "@example.com";
        String contactId = bed.salesforce().org().insert("Contact", Map.of("LastName", "Campaigner", "Email", email));
        String campaignId = bed.salesforce().org().insert("Campaign", Map.of("Name", unique("Spring launch")));
        String opened = unique("evt");
        String sent = unique("evt");
        String clicked = unique("evt");
        // each step after the previous one's outcome, so each is decided against what Salesforce holds
        java.util.function.BiFunction<String, String, JsonNode> engage = (id, status) -> {
            publish(TestBed.WEB, email, at(id, "campaign.engagement", "2026-11-20T15:00:00Z", null, Map.of(
                    "person", Map.of("email", email), "web", Map.of("campaignId", campaignId, "campaignStatus", status))));
            return awaitOutcome(id);
        };
        assertThat(engage.apply(opened, "opened").path("records").get(0).path("action").asText()).isEqualTo("created");
        assertThat(engage.apply(sent, "sent").path("notes").toString()).contains("only move forward");
        assertThat(engage.apply(clicked, "clicked").path("records").get(0).path("action").asText()).isEqualTo("updated");
        List<Map<String, Object>> members = query("SELECT Status FROM CampaignMember WHERE CampaignId = '" + campaignId
                + "' AND ContactId = '" + contactId + "'");
        assertThat(members).singleElement().satisfies(m -> assertThat(m).containsEntry("Status", "Responded"));
    }

    @Test
    void theAgentOwnsTheActivityAndCallDetailsFillTheDescription() {
        String email = unique("owned") + "@example.com";
        String id = unique("evt");
        publish(TestBed.CALLS, email, at(id, "call.inbound", "2026-11-20T15:00:00Z", unique("call"), Map.of(
                "person", Map.of("email", email, "lastName", "Owned"),
                "agent", Map.of("email", "Agent@Switchboard.local"),
                "call", Map.of("waitSeconds", 14, "recordingUrl", "https://rec.example.com/1",
                        "transferTo", Map.of("name", "Billing", "number", "+14155550111")),
                "content", Map.of("summary", "Billing question", "sentiment", "neutral", "tags", List.of("billing", "vip")))));
        JsonNode outcome = awaitOutcome(id);
        Map<String, Object> task = query("SELECT OwnerId, Description FROM Task WHERE Id = '"
                + outcome.path("activity").path("id").asText() + "'").get(0);
        assertThat(task).containsEntry("OwnerId", bed.salesforce().org().agentUserId());
        assertThat(task.get("Description").toString()).isEqualTo("""
                Billing question
                Sentiment: neutral
                Transferred to: Billing +14155550111
                Wait time: 14 s
                Recording: https://rec.example.com/1
                Tags: billing, vip""");

        String other = unique("evt");
        publish(TestBed.CALLS, email, at(other, "call.inbound", "2026-11-20T15:00:00Z", null, Map.of(
                "person", Map.of("email", email), "agent", Map.of("email", "nobody@elsewhere.example"))));
        Map<String, Object> unowned = query("SELECT OwnerId FROM Task WHERE Id = '"
                + awaitOutcome(other).path("activity").path("id").asText() + "'").get(0);
        assertThat(unowned.get("OwnerId")).isIn(null, bed.salesforce().org().integrationUserId());
    }

    @Test
    void aWebFormBecomesALeadFromTheWebWithItsFieldsInTheTask() {
        String email = unique("form") + "@example.org";
        String id = unique("evt");
        publish(TestBed.WEB, email, at(id, "web.form", "2026-11-20T15:00:00Z", null, Map.of(
                "person", Map.of("email", email, "firstName", "Lee", "lastName", "Form", "company", "Form Co"),
                "web", Map.of("url", "https://www.example.com/contact", "formName", "Contact us", "durationSeconds", 140,
                        "formFields", Map.of("interest", "Enterprise plan")))));
        JsonNode outcome = awaitOutcome(id);
        assertThat(query("SELECT LeadSource, Company FROM Lead WHERE Email = '" + email + "'").get(0))
                .containsEntry("LeadSource", "Web").containsEntry("Company", "Form Co");
        Map<String, Object> task = query("SELECT Subject, Description FROM Task WHERE Id = '"
                + outcome.path("activity").path("id").asText() + "'").get(0);
        assertThat(task).containsEntry("Subject", "Submitted form Contact us");
        assertThat(task.get("Description").toString()).isEqualTo(
                "Page: https://www.example.com/contact\nTime on page: 140 s\ninterest: Enterprise plan");
    }

    @Test
    void aLeadBecomesMoreCompleteAsLaterEventsBringValues() {
        String phone = "+1 628 555 0" + String.valueOf(100 + (Math.abs(unique("p").hashCode()) % 900));
        String first = unique("evt");
        publish(TestBed.CALLS, phone, at(first, "call.inbound", "2026-11-20T15:00:00Z", null,
                Map.of("call", Map.of("fromNumber", phone))));
        String leadId = awaitOutcome(first).path("records").get(0).path("id").asText();
        assertThat(query("SELECT LastName, Email FROM Lead WHERE Id = '" + leadId + "'").get(0))
                .containsEntry("LastName", "[not provided]").containsEntry("Email", null);

        String email = unique("later") + "@example.com";
        String second = unique("evt");
        publish(TestBed.CALLS, phone, at(second, "call.inbound", "2026-11-20T15:05:00Z", null, Map.of(
                "person", Map.of("firstName", "Nora", "lastName", "Later", "email", email, "phone", phone))));
        JsonNode outcome = awaitOutcome(second);
        assertThat(outcome.path("matched").path("id").asText()).isEqualTo(leadId);
        assertThat(query("SELECT FirstName, LastName, Email FROM Lead WHERE Id = '" + leadId + "'").get(0))
                .containsEntry("FirstName", "Nora").containsEntry("LastName", "Later").containsEntry("Email", email);
    }

    @Test
    void eventsOfOneNewPersonKnownByEmailOrByNumberCreateOneLead() {
        String email = unique("mixed") + "@example.com";
        String number = "+1 415 555 " + String.valueOf(1000 + (Math.abs(email.hashCode()) % 9000));
        String key = "+" + number.replaceAll("\\D", "");
        String both = unique("evt");
        String byNumber = unique("evt");
        publish(TestBed.CALLS, key, at(both, "call.inbound", "2026-11-20T15:00:00Z", null,
                Map.of("person", Map.of("email", email, "phone", number, "lastName", "Mixed"))));
        publish(TestBed.CALLS, key, at(byNumber, "call.inbound", "2026-11-20T15:01:00Z", null,
                Map.of("call", Map.of("fromNumber", "(" + number.substring(3, 6) + ") " + number.substring(7)))));
        awaitOutcome(both);
        awaitOutcome(byNumber);
        List<Map<String, Object>> leads = query("SELECT Id FROM Lead WHERE Email = '" + email + "'");
        assertThat(leads).hasSize(1);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + leads.get(0).get("Id") + "'")).hasSize(2);
    }

    @Test
    void aBurstOfOneNewPersonsEventsCreatesOneLead() {
        String email = unique("burst") + "@example.com";
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = unique("evt");
            ids.add(id);
            publish(TestBed.CALLS, email, at(id, "call.inbound", "2026-11-20T15:0" + i + ":00Z", null,
                    Map.of("person", Map.of("email", email, "lastName", "Burst"))));
        }
        ids.forEach(this::awaitOutcome);
        List<Map<String, Object>> leads = query("SELECT Id FROM Lead WHERE Email = '" + email + "'");
        assertThat(leads).hasSize(1);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + leads.get(0).get("Id") + "'")).hasSize(6);
    }
}
