package io.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console's JSON API and JMX operations, and CSRF on every state-changing endpoint: the console's and
 * Jolokia's refuse a POST without the token and take one with it, as a script (or Hawtio) sends it.
 */
class ConsoleApiIT extends EndToEndTest {

    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("operator:test-operator-password".getBytes(StandardCharsets.UTF_8));

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    ConsoleOperations jmx;

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    @Test
    void theApiFindsAnOutcomeByEmailAndNeedsTheLoginAndTheCsrfTokenToAct() throws Exception {
        String email = unique("api") + "@example.com";
        String id = unique("api-call");
        publish(TestBed.CALLS, email, event(id, "call.inbound", Map.of("person", Map.of("email", email, "lastName", "Api"))));
        JsonNode outcome = awaitOutcome(id);

        assertThat(send(get("/console/api/outcomes?q=" + email), false).statusCode()).isEqualTo(401);
        JsonNode found = await().atMost(Duration.ofSeconds(30)).until(
                () -> json.readTree(send(get("/console/api/outcomes?q=" + email), true).body()), n -> n.size() == 1);
        assertThat(found.get(0).path("outcome").path("eventId").asText()).isEqualTo(id);
        String activityId = outcome.path("activity").path("id").asText();
        // by the Salesforce record id too, and the detail has the original event
        JsonNode byRecord = json.readTree(send(get("/console/api/outcomes?q=" + activityId), true).body());
        assertThat(byRecord.get(0).path("outcome").path("eventId").asText()).isEqualTo(id);
        JsonNode detail = json.readTree(send(get("/console/api/outcomes/" + byRecord.get(0).path("id").asLong()), true).body());
        assertThat(detail.path("original").asText()).contains(email);

        // a dead letter to act on
        String deadId = unique("api-dead");
        publish(TestBed.CALLS, deadId, event(deadId, "fax.inbound", Map.of()));
        awaitOutcome(deadId);
        long letter = await().atMost(Duration.ofSeconds(30)).until(() -> letterId("UNKNOWN_TYPE", deadId), n -> n > 0);

        String body = "{\"ids\": [" + letter + "], \"note\": \"a test fax, nothing to deliver\"}";
        assertThat(send(post("/console/api/dead-letters/discard", body), true).statusCode()).as("no CSRF token").isEqualTo(403);
        String token = json.readTree(send(get("/console/api/csrf"), true).body()).path("token").asText();
        HttpResponse<String> discarded = send(post("/console/api/dead-letters/discard", body).header("X-XSRF-TOKEN", token), true);
        assertThat(discarded.statusCode()).as(discarded.body()).isEqualTo(200);
        assertThat(json.readTree(discarded.body()).path("done").asInt()).isEqualTo(1);
        JsonNode settled = json.readTree(send(get("/console/api/dead-letters/" + letter), true).body());
        assertThat(settled.path("status").asText()).isEqualTo("discarded");
        assertThat(settled.path("note").asText()).isEqualTo("a test fax, nothing to deliver");
        JsonNode audit = json.readTree(send(get("/console/api/audit"), true).body());
        assertThat(audit.get(0).path("action").asText()).isEqualTo("discard");
        assertThat(audit.get(0).path("who").asText()).isEqualTo("operator");
        assertThat(audit.get(0).path("via").asText()).isEqualTo("api");
    }

    /**
     * The shipped rules on duplicates, as Aircall's users expect: a call from a number two Contacts share is logged on
     * the most recently modified one (not the last created), the other listed in the outcome, and the sync log can
     * show only the interactions that had duplicates.
     */
    @Test
    void aSharedNumbersCallGoesToTheMostRecentlyModifiedRecordAndTheSyncLogFiltersItsDuplicates() throws Exception {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        String number = "+17" + (10 + r.nextInt(90)) + (200 + r.nextInt(800)) + String.format("%04d", r.nextInt(10_000));
        var org = bed.salesforce().org();
        String frontDesk = org.insert("Contact", Map.of("LastName", unique("Front Desk"), "Phone", number));
        String reception = org.insert("Contact", Map.of("LastName", unique("Reception"), "Phone", number));
        // Salesforce keeps LastModifiedDate to the second: the edit comes in a later second than the last create
        String created = String.valueOf(org.get("Contact", reception).get("LastModifiedDate"));
        java.time.format.DateTimeFormatter salesforceTime = java.time.format.DateTimeFormatter
                .ofPattern("yyyy-MM-dd'T'HH:mm:ss'.000'Z").withZone(java.time.ZoneOffset.UTC);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .until(() -> salesforceTime.format(java.time.Instant.now()).compareTo(created) > 0);
        org.modify("Contact", frontDesk, Map.of("Title", "Switchboard"));

        String id = unique("shared-number");
        publish(TestBed.CALLS, number, event(id, "call.inbound", Map.of("call", Map.of("fromNumber", number))));
        String alone = unique("single-match");
        String email = alone + "@example.com";
        org.insert("Contact", Map.of("LastName", unique("Alone"), "Email", email));
        publish(TestBed.CALLS, email, event(alone, "call.inbound", Map.of("person", Map.of("email", email))));
        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("decision").asText()).as(outcome.toString()).isEqualTo("delivered");
        assertThat(outcome.path("matched").path("id").asText()).isEqualTo(frontDesk);
        assertThat(outcome.path("matched").path("alsoMatched")).extracting(JsonNode::asText).containsExactly(reception);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + frontDesk + "'")).hasSize(1);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + reception + "'")).isEmpty();
        assertThat(awaitOutcome(alone).path("decision").asText()).isEqualTo("delivered");

        JsonNode duplicates = await().atMost(Duration.ofSeconds(30)).until(() -> json.readTree(
                send(get("/console/api/outcomes?duplicates=true&q=" + id), true).body()), n -> n.size() == 1);
        assertThat(duplicates.get(0).path("outcome").path("matched").path("id").asText()).isEqualTo(frontDesk);
        // the other record finds the interaction too; an interaction without duplicates is left out of the filter
        assertThat(json.readTree(send(get("/console/api/outcomes?q=" + reception), true).body())
                .findValuesAsText("eventId")).contains(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> json.readTree(
                send(get("/console/api/outcomes?q=" + alone), true).body()).size() == 1);
        assertThat(json.readTree(send(get("/console/api/outcomes?duplicates=true&q=" + alone), true).body())).isEmpty();
        // the sync log page: the filter's box, and the row marked with its duplicate
        HttpResponse<String> page = send(get("/console/sync-log?duplicates=true&q=" + id), true);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"duplicates\"").contains("checked").contains(id).contains("1 duplicate")
                .contains("also matched: " + reception);
    }

    @Test
    void jolokiasPostsNeedTheCsrfTokenThatHawtioSendsFromItsCookie() throws Exception {
        String read = "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}";
        String origin = "http://localhost:" + port;
        assertThat(send(post("/actuator/jolokia", read).header("Origin", origin), true).statusCode()).isEqualTo(403);
        // any page sets the XSRF-TOKEN cookie; Hawtio sends its value back in X-XSRF-TOKEN
        send(get("/console/api/csrf"), true);
        HttpResponse<String> ok = send(post("/actuator/jolokia", read).header("Origin", origin)
                .header("X-XSRF-TOKEN", xsrfCookie()), true);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json.readTree(ok.body()).path("status").asInt()).isEqualTo(200);
    }

    @Test
    void aDeadLetterIsReplayedThroughTheMBeanAndItsNewOutcomeNamesIt() throws Exception {
        String id = unique("jmx-dead");
        publish(TestBed.CALLS, id, event(id, "fax.inbound", Map.of()));
        awaitOutcome(id);
        long letter = await().atMost(Duration.ofSeconds(30)).until(() -> letterId("UNKNOWN_TYPE", id), n -> n > 0);
        // The shared test context exports no io.switchboard MBeans (Spring Boot's tests leave JMX export off), so
        // the MBean's operation is called as the exporter would, on the bean, and its JMX name checked.
        assertThat(ConsoleOperations.class.getAnnotation(org.springframework.jmx.export.annotation.ManagedResource.class)
                .objectName()).isEqualTo("io.switchboard:type=Console");
        java.util.List<String> result = jmx.replayDeadLetter(letter);
        assertThat(result.get(0)).isEqualTo("1 done");
        JsonNode replayed = await().atMost(Duration.ofSeconds(30)).until(() -> outcomesOf(id).stream()
                .filter(o -> o.hasNonNull("replayOf")).findFirst().orElse(null), o -> o != null);
        String reference = json.readTree(send(get("/console/api/dead-letters/" + letter), true).body()).path("reference").asText();
        assertThat(replayed.path("replayOf").asText()).isEqualTo(reference);
        // still an unknown type, so dead-lettered again: the new dead letter names the one it replayed
        assertThat(replayed.path("decision").asText()).isEqualTo("dead-lettered");
        var again = bed.topics().await(TestBed.DLQ, r -> id.equals(r.key())
                && reference.equals(io.switchboard.testing.TopicWatcher.headers(r).get("switchboard.replay.of")));
        assertThat(again).isNotNull();
        JsonNode audit = json.readTree(send(get("/console/api/audit"), true).body());
        assertThat(audit.findValuesAsText("via")).contains("jmx");
    }

    private String xsrfCookie() {
        return ((CookieManager) http.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("XSRF-TOKEN")).findFirst().orElseThrow().getValue();
    }

    private long letterId(String code, String eventId) throws Exception {
        JsonNode letters = json.readTree(send(get("/console/api/dead-letters?all=true&step=rules&code=" + code), true).body());
        for (JsonNode l : letters) {
            if (eventId.equals(l.path("eventId").asText())) {
                return l.path("id").asLong();
            }
        }
        return -1;
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request, boolean login) throws Exception {
        if (login) {
            request.header("Authorization", AUTH);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
