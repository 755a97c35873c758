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

/** Calls logged to the org's own call log object (Call_Log__c) instead of Task, kept current like a Task. */
class CallLogObjectIT extends EndToEndTest {

    private Map<String, Object> call(String id, String subject, String time, Map<String, Object> person, String summary) {
        Map<String, Object> event = new HashMap<>(event(id, "test.call-log", Map.of(
                "person", person,
                "call", Map.of("direction", "inbound", "durationSeconds", 95, "fromNumber", "+14155550123",
                        "startTime", "2026-11-20T15:00:00Z"),
                "content", Map.of("summary", summary))));
        event.put("subject", subject);
        event.put("time", time);
        return event;
    }

    private JsonNode deliver(String id, Map<String, Object> event, int outcomes) {
        publish(TestBed.CALLS, id, event);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> outcomesOf(id).size() >= outcomes);
        JsonNode outcome = outcomesOf(id).get(outcomes - 1);
        assertThat(outcome.path("decision").asText()).as(outcome.toString()).isEqualTo("delivered");
        return outcome;
    }

    @Test
    void aCallOfAKnownContactIsLoggedToTheCallLogAndItsLaterUpdateUpdatesThatRecord() {
        String email = unique("caller") + "@example.com";
        String contactId = bed.salesforce().org().insert("Contact", Map.of("LastName", "Caller", "Email", email));
        String subject = unique("call");
        String first = unique("evt");
        JsonNode outcome = deliver(first, call(first, subject, "2026-11-20T15:02:00Z",
                Map.of("email", email, "name", "Cal Caller"), "Ringing through."), 1);

        assertThat(outcome.path("activity").path("object").asText()).isEqualTo("Call_Log__c");
        String logId = outcome.path("activity").path("id").asText();
        assertThat(outcome.path("activity").path("url").asText()).endsWith("/lightning/r/Call_Log__c/" + logId + "/view");
        List<Map<String, Object>> logs = query("SELECT Id, Contact__c, Lead__c, Subject__c, Direction__c, "
                + "Duration_Seconds__c, From_Number__c, Started_At__c, Summary__c, Switchboard_Event_Id__c, OwnerId "
                + "FROM Call_Log__c WHERE Contact__c = '" + contactId + "'");
        assertThat(logs).singleElement().satisfies(log -> {
            assertThat(log).containsEntry("Id", logId).containsEntry("Lead__c", null)
                    .containsEntry("Subject__c", "Call with Cal Caller").containsEntry("Direction__c", "inbound")
                    .containsEntry("From_Number__c", "+14155550123").containsEntry("Summary__c", "Ringing through.")
                    .containsEntry("Switchboard_Event_Id__c", "test-phone-system:" + subject);
            assertThat(((Number) log.get("Duration_Seconds__c")).intValue()).isEqualTo(95);
            assertThat(String.valueOf(log.get("Started_At__c"))).startsWith("2026-11-20T15:00:00");
        });
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + contactId + "'")).isEmpty();

        // the same conversation, later: the same record, brought up to date
        String later = unique("evt");
        JsonNode update = deliver(later, call(later, subject, "2026-11-20T15:09:00Z",
                Map.of("email", email, "name", "Cal Caller"), "Wants a quote by Friday."), 1);
        assertThat(update.path("activity").path("id").asText()).isEqualTo(logId);
        assertThat(update.path("activity").path("action").asText()).isEqualTo("updated");
        assertThat(query("SELECT Summary__c FROM Call_Log__c WHERE Contact__c = '" + contactId + "'"))
                .singleElement().satisfies(log -> assertThat(log).containsEntry("Summary__c", "Wants a quote by Friday."));

        // an older update arriving late leaves it as it is; a replay creates nothing
        String older = unique("evt");
        JsonNode stale = deliver(older, call(older, subject, "2026-11-20T15:05:00Z",
                Map.of("email", email), "Stale."), 1);
        assertThat(stale.path("notes").toString()).contains("already holds a later update");
        deliver(first, call(first, subject, "2026-11-20T15:02:00Z", Map.of("email", email), "Ringing through."), 2);
        assertThat(query("SELECT Summary__c FROM Call_Log__c WHERE Contact__c = '" + contactId + "'"))
                .singleElement().satisfies(log -> assertThat(log).containsEntry("Summary__c", "Wants a quote by Friday."));
    }

    @Test
    void anUnknownCallerBecomesALeadThatTheCallLogNamesThroughItsLeadLookup() {
        String email = unique("newcaller") + "@example.com";
        String id = unique("evt");
        Map<String, Object> event = call(id, unique("call"), "2026-11-20T15:02:00Z",
                Map.of("email", email, "lastName", "Newcomer"), "First call.");
        event.remove("subject");
        JsonNode outcome = deliver(id, event, 1);

        String leadId = (String) query("SELECT Id FROM Lead WHERE Email = '" + email + "'").get(0).get("Id");
        assertThat(query("SELECT Id, Contact__c FROM Call_Log__c WHERE Lead__c = '" + leadId + "'"))
                .singleElement().satisfies(log -> assertThat(log).containsEntry("Id", outcome.path("activity").path("id").asText())
                        .containsEntry("Contact__c", null));
        // a replay of an event without a subject collides on the unique key and updates the same record
        deliver(id, event, 2);
        assertThat(query("SELECT Id FROM Call_Log__c WHERE Lead__c = '" + leadId + "'")).hasSize(1);
        assertThat(query("SELECT Id FROM Lead WHERE Email = '" + email + "'")).hasSize(1);
    }
}
