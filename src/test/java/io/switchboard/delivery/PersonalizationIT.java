package io.switchboard.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** web.personalization under the shipped rules: a known visitor's Task names the campaign and the variation shown. */
class PersonalizationIT extends EndToEndTest {

    private Map<String, Object> shown(String id, String email) {
        Map<String, Object> event = new HashMap<>(event(id, "web.personalization", Map.of(
                "person", Map.of("email", email),
                "personalization", Map.of("campaign", "Enterprise homepage", "variation", "Case study hero"),
                "web", Map.of("url", "https://www.example.com/", "referrer", "https://www.google.com/"))));
        event.put("source", "abmatic");
        event.remove("subject");
        return event;
    }

    @Test
    void aKnownVisitorGetsACompletedTaskWithTheCampaignAndVariation() {
        String email = unique("visitor") + "@example.com";
        String contactId = bed.salesforce().org().insert("Contact", Map.of("LastName", "Visitor", "Email", email));
        String id = unique("abm");
        publish(TestBed.WEB, email, shown(id, email));

        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("decision").asText()).isEqualTo("delivered");
        assertThat(outcome.path("matched").path("id").asText()).isEqualTo(contactId);
        String taskId = outcome.path("activity").path("id").asText();
        assertThat(outcome.path("activity").path("url").asText()).endsWith("/lightning/r/Task/" + taskId + "/view");
        List<Map<String, Object>> tasks = query("SELECT Id, Subject, Status, Description, TaskSubtype FROM Task WHERE WhoId = '"
                + contactId + "'");
        assertThat(tasks).singleElement().satisfies(task -> {
            assertThat(task).containsEntry("Id", taskId).containsEntry("Status", "Completed")
                    .containsEntry("Subject", "Personalization shown: Enterprise homepage (Case study hero)");
            assertThat((String) task.get("Description")).contains("Campaign: Enterprise homepage")
                    .contains("Variation: Case study hero").contains("Page: https://www.example.com/");
            assertThat(task.get("TaskSubtype")).isNotEqualTo("Call");
        });

        // a replay logs nothing twice
        publish(TestBed.WEB, email, shown(id, email));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> outcomesOf(id).size() == 2);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + contactId + "'")).hasSize(1);
    }

    @Test
    void anUnknownVisitorBecomesNoLead() {
        String email = unique("stranger") + "@example.com";
        String id = unique("abm");
        publish(TestBed.WEB, email, shown(id, email));

        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("decision").asText()).isEqualTo("delivered");
        assertThat(outcome.path("records").size()).isZero();
        assertThat(query("SELECT Id FROM Lead WHERE Email = '" + email + "'")).isEmpty();
    }
}
