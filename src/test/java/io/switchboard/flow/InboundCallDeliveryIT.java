package io.switchboard.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** call.inbound from Kafka to Salesforce: matched or created person, logged Task, outcome with the ids. */
class InboundCallDeliveryIT extends EndToEndTest {

    @Test
    void unknownCallerBecomesALeadWithACompletedCallTask() {
        String id = unique("evt");
        String email = unique("dana") + "@example.com";
        publish(TestBed.CALLS, email, event(id, "call.inbound", Map.of(
                "person", Map.of("firstName", "Dana", "lastName", "O'Whitfield", "email", email,
                        "phone", "+1 415-555-0134"),
                "call", Map.of("direction", "inbound", "durationSeconds", 312, "fromNumber", "+14155550134",
                        "disposition", "Connected"),
                "content", Map.of("summary", "Asked about prices."))));

        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("decision").asText()).isEqualTo("delivered");
        String leadId = outcome.path("records").get(0).path("id").asText();
        assertThat(outcome.path("records").get(0).path("object").asText()).isEqualTo("Lead");
        assertThat(outcome.path("records").get(0).path("action").asText()).isEqualTo("created");
        assertThat(outcome.path("records").get(0).path("url").asText()).endsWith("/lightning/r/Lead/" + leadId + "/view");
        // the link leads to the record (the emulator's plain page of it), the name escaped
        java.net.http.HttpResponse<String> page = browse(outcome.path("records").get(0).path("url").asText());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-id=\"" + leadId + "\"").contains("O&#39;Whitfield").doesNotContain("O'Whitfield");
        assertThat(browse(outcome.path("activity").path("url").asText()).body()).contains("Asked about prices.");

        List<Map<String, Object>> leads = query("SELECT Id, FirstName, LastName, Company, Email, Phone, LeadSource "
                + "FROM Lead WHERE Email = '" + email + "'");
        assertThat(leads).hasSize(1);
        assertThat(leads.get(0)).containsEntry("Id", leadId).containsEntry("LastName", "O'Whitfield")
                .containsEntry("Company", "Dana O'Whitfield").containsEntry("Phone", "+14155550134")
                .containsEntry("LeadSource", "Phone Inquiry");

        String taskId = outcome.path("activity").path("id").asText();
        List<Map<String, Object>> tasks = query("SELECT Id, Subject, Status, TaskSubtype, CallType, "
                + "CallDurationInSeconds, CallDisposition, Description, WhoId, ActivityDate FROM Task WHERE WhoId = '"
                + leadId + "'");
        assertThat(tasks).hasSize(1);
        assertThat(tasks.get(0)).containsEntry("Id", taskId).containsEntry("Status", "Completed")
                .containsEntry("TaskSubtype", "Call").containsEntry("CallType", "Inbound")
                .containsEntry("CallDisposition", "Connected").containsEntry("Description", "Asked about prices.")
                .containsEntry("Subject", "Inbound call from Dana O'Whitfield");
        assertThat(((Number) tasks.get(0).get("CallDurationInSeconds")).intValue()).isEqualTo(312);
        assertThat(String.valueOf(tasks.get(0).get("ActivityDate"))).isEqualTo("2026-11-20");
    }

    @Test
    void missingLastNameGetsThePlaceholderAndCompanyFallsBackToTheName() {
        String id = unique("evt");
        String email = unique("prince") + "@example.com";
        publish(TestBed.CALLS, email, event(id, "call.inbound", Map.of(
                "person", Map.of("email", email),
                "call", Map.of("durationSeconds", 10))));

        assertThat(awaitOutcome(id).path("decision").asText()).isEqualTo("delivered");
        List<Map<String, Object>> leads = query("SELECT LastName, Company FROM Lead WHERE Email = '" + email + "'");
        assertThat(leads).singleElement().satisfies(lead -> {
            assertThat(lead).containsEntry("LastName", "[not provided]");
            assertThat(lead).containsEntry("Company", "[not provided]");
        });
    }

    @Test
    void existingContactIsMatchedByEmailCaseInsensitivelyAndWinsOverALead() {
        String email = unique("sam") + "@example.com";
        String contactId = bed.salesforce().org().insert("Contact",
                Map.of("LastName", "Contact Sam", "Email", email));
        bed.salesforce().org().insert("Lead", Map.of("LastName", "Lead Sam", "Company", "X", "Email", email));
        String id = unique("evt");
        publish(TestBed.CALLS, email, event(id, "call.inbound", Map.of(
                "person", Map.of("email", "  " + email.toUpperCase() + " "))));

        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("decision").asText()).isEqualTo("delivered");
        assertThat(outcome.path("matched").path("object").asText()).isEqualTo("Contact");
        assertThat(outcome.path("matched").path("id").asText()).isEqualTo(contactId);
        assertThat(outcome.path("matched").path("by").asText()).isEqualTo("email");
        assertThat(outcome.path("records").size()).isZero();
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + contactId + "'")).hasSize(1);
    }

    @Test
    void repeatCallerIsMatchedByPhoneInAnotherFormatWithoutASecondLead() {
        String lastName = unique("Caller");
        String leadId = bed.salesforce().org().insert("Lead",
                Map.of("LastName", lastName, "Company", "Acme", "Phone", "(312) 555-0187"));
        String id = unique("evt");
        publish(TestBed.CALLS, "+13125550187", event(id, "call.inbound", Map.of(
                "call", Map.of("fromNumber", "+1 312.555.0187"))));

        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("matched").path("id").asText()).isEqualTo(leadId);
        assertThat(outcome.path("matched").path("by").asText()).isEqualTo("phone");
        assertThat(query("SELECT Id FROM Lead WHERE LastName = '" + lastName + "'")).hasSize(1);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + leadId + "'")).hasSize(1);
    }

    @Test
    void theSameEventTwiceLogsOneTask() {
        String id = unique("evt");
        String email = unique("twice") + "@example.com";
        Map<String, Object> event = event(id, "call.inbound", Map.of("person", Map.of("email", email)));
        publish(TestBed.CALLS, email, event);
        publish(TestBed.CALLS, email, event);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> outcomesOf(id).size() == 2);
        assertThat(outcomesOf(id)).extracting(o -> o.path("decision").asText()).containsOnly("delivered");
        List<Map<String, Object>> leads = query("SELECT Id FROM Lead WHERE Email = '" + email + "'");
        assertThat(leads).hasSize(1);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + leads.get(0).get("Id") + "'")).hasSize(1);
    }

    private static java.net.http.HttpResponse<String> browse(String url) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                    .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
