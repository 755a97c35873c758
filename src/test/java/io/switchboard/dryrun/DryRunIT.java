package io.switchboard.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The dry run explains an event's fate, with the exact writes, and writes nothing. */
class DryRunIT extends EndToEndTest {

    @LocalServerPort
    int port;

    private JsonNode dryRun(Map<String, Object> event) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/dry-run"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "operator:test-operator-password".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(toJson(event))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    @Test
    void explainsTheWritesForANewCallerWithoutWritingThem() throws Exception {
        String email = unique("dry") + "@example.com";
        JsonNode report = dryRun(event(unique("evt"), "call.inbound", Map.of(
                "person", Map.of("email", email, "lastName", "Dry"), "call", Map.of("durationSeconds", 42))));
        assertThat(report.path("decision").asText()).isEqualTo("would-deliver");
        assertThat(report.path("rule").path("matchStrategy").asText()).isEqualTo("email-then-phone");
        assertThat(report.path("match").path("by").asText()).isEqualTo("none");
        assertThat(report.path("writes").get(0).path("kind").asText()).isEqualTo("CREATE");
        assertThat(report.path("writes").get(0).path("sObject").asText()).isEqualTo("Lead");
        assertThat(report.path("writes").get(0).path("fields").path("Email").asText()).isEqualTo(email);
        assertThat(report.path("writes").get(1).path("sObject").asText()).isEqualTo("Task");
        assertThat(report.path("writes").get(1).path("fields").path("CallDurationInSeconds").asInt()).isEqualTo(42);
        assertThat(report.path("writes").get(1).path("refs").path("WhoId").asText()).isEqualTo("person");
        assertThat(query("SELECT Id FROM Lead WHERE Email = '" + email + "'")).isEmpty();
    }

    @Test
    void aDeliveredEventsDryRunShowsTheUpdateAReplayWouldMake() throws Exception {
        String email = unique("again") + "@example.com";
        String id = unique("evt");
        Map<String, Object> event = new java.util.HashMap<>(event(id, "call.inbound", Map.of(
                "person", Map.of("email", email, "lastName", "Again"), "call", Map.of("durationSeconds", 7))));
        event.remove("subject");
        publish(io.switchboard.testing.TestBed.CALLS, email, event);
        String taskId = awaitOutcome(id).path("activity").path("id").asText();

        JsonNode report = dryRun(event);
        JsonNode task = null;
        for (JsonNode write : report.path("writes")) {
            if (write.path("sObject").asText().equals("Task")) {
                task = write;
            }
        }
        assertThat(task).isNotNull();
        assertThat(task.path("kind").asText()).isEqualTo("UPDATE");
        assertThat(task.path("id").asText()).isEqualTo(taskId);
    }

    @Test
    void explainsWhichFilterSkipsAnEvent() throws Exception {
        JsonNode report = dryRun(event(unique("evt"), "call.inbound", Map.of("category", "Spam")));
        assertThat(report.path("decision").asText()).isEqualTo("would-skip");
        assertThat(report.path("reason").asText()).contains("category in");
        assertThat(report.path("rule").path("skipWhen").asText()).contains("category in");
    }

    @Test
    void explainsWhyAnEventCannotBeRead() throws Exception {
        JsonNode report = dryRun(Map.of("specversion", "1.0"));
        assertThat(report.path("decision").asText()).isEqualTo("would-dead-letter");
        assertThat(report.path("error").path("code").asText()).isEqualTo("SCHEMA_VIOLATION");
    }
}
