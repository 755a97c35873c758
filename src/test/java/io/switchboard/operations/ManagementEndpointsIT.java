package io.switchboard.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health is open for probes; Hawtio, Jolokia and the rest need the operator's login outside local mode. */
class ManagementEndpointsIT extends EndToEndTest {

    @LocalServerPort
    int port;

    private final java.net.CookieManager cookies = new java.net.CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();

    @Test
    void healthIsOpenAndReportsCamelAndSalesforceToAnOperator() throws Exception {
        assertThat(get("/actuator/health", false).statusCode()).isEqualTo(200);
        JsonNode health = json.readTree(get("/actuator/health", true).body());
        assertThat(health.path("components").fieldNames()).toIterable().as(health.toString())
                .contains("salesforce", "camelHealth");
    }

    @Test
    void livenessAndReadinessProbesAreServedAndReadinessFollowsSalesforceAndConsuming() throws Exception {
        HttpResponse<String> liveness = get("/actuator/health/liveness", false);
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(json.readTree(liveness.body()).path("status").asText()).isEqualTo("UP");
        assertThat(get("/actuator/health/readiness", false).statusCode()).isIn(200, 503);
        JsonNode readiness = json.readTree(get("/actuator/health/readiness", true).body());
        assertThat(readiness.path("components").fieldNames()).toIterable().as(readiness.toString())
                .contains("readinessState", "salesforce", "consuming");
        assertThat(readiness.path("components").path("consuming").path("details").path("paused").asBoolean(true)).isFalse();
    }

    @Test
    void prometheusScrapesOutcomesAndSalesforceRequestsAsCountersWithTheOperatorsLogin() throws Exception {
        String email = unique("scrape") + "@example.com";
        String id = unique("evt");
        publish(io.switchboard.testing.TestBed.CALLS, email, event(id, "call.inbound",
                java.util.Map.of("person", java.util.Map.of("email", email, "lastName", "Scrape"))));
        assertThat(awaitOutcome(id).path("decision").asText()).isEqualTo("delivered");
        assertThat(get("/actuator/prometheus", false).statusCode()).isEqualTo(401);
        HttpResponse<String> scrape = get("/actuator/prometheus", true);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .containsPattern("switchboard_outcomes_total\\{[^}]*decision=\"delivered\"[^}]*type=\"call.inbound\"[^}]*\\} [1-9]")
                .containsPattern("switchboard_salesforce_requests_total\\{[^}]*kind=\"save\"[^}]*result=\"ok\"[^}]*\\} [1-9]")
                .contains("switchboard_salesforce_budget_state");
    }

    @Test
    void prometheusScrapesCamelsRouteMetricsBatchesAndConsumerLag() throws Exception {
        String email = unique("batches") + "@example.com";
        String id = unique("evt");
        publish(io.switchboard.testing.TestBed.CALLS, email, event(id, "call.inbound",
                java.util.Map.of("person", java.util.Map.of("email", email, "lastName", "Batches"))));
        assertThat(awaitOutcome(id).path("decision").asText()).isEqualTo("delivered");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
            String body = get("/actuator/prometheus", true).body();
            assertThat(body)
                    // Camel's own, by route (camel-micrometer): a route exchange is a batch
                    .containsPattern("camel_exchanges_total\\{[^}]*routeId=\"interactions\"[^}]*\\} [1-9]")
                    .containsPattern("switchboard_batch_size_records_count [1-9]")
                    .containsPattern("switchboard_batch_duration_seconds_count [1-9]")
                    .containsPattern("switchboard_consumer_lag_records\\{[^}]*partition=\"\\d+\"[^}]*topic=\"interactions.calls\"[^}]*\\} \\d");
            // every series the sample Grafana dashboard (docs/grafana) charts is one the service exports
            String dashboard = java.nio.file.Files.readString(java.nio.file.Path.of("docs/grafana/switchboard-dashboard.json"));
            java.util.regex.Matcher series = java.util.regex.Pattern.compile("\\b(switchboard|camel)_[a-z_]+").matcher(dashboard);
            while (series.find()) {
                assertThat(body).as("the dashboard's " + series.group()).contains(series.group());
            }
        });
    }

    @Test
    void jolokiaAndHawtioNeedTheOperatorsLogin() throws Exception {
        String uptime = "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}";
        assertThat(jolokia(uptime, false).statusCode()).isIn(401, 403);
        assertThat(get("/actuator/hawtio/", false).statusCode()).isEqualTo(401);
        HttpResponse<String> routes = jolokia("{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=switchboard,"
                + "type=routes,name=\\\"interactions\\\"\",\"attribute\":\"ExchangesTotal\"}", true);
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains("\"status\":200");
    }

    @Test
    void camelsRouteStatisticsWhichHawtiosRouteDiagramReadsCanBeDumpedForEveryRoute() throws Exception {
        // a route step's bean carrying JMX annotations once broke this for every route (see ConsumingStatus)
        String context = "org.apache.camel:context=switchboard,type=context,name=\\\"switchboard\\\"";
        HttpResponse<String> stats = jolokia("{\"type\":\"exec\",\"mbean\":\"" + context
                + "\",\"operation\":\"dumpRoutesStatsAsXml(boolean,boolean)\",\"arguments\":[false,true]}", true);
        JsonNode answer = json.readTree(stats.body());
        assertThat(answer.path("status").asInt()).as(stats.body()).isEqualTo(200);
        assertThat(answer.path("value").asText()).contains("<routeStat id=\"interactions\"")
                .contains("<routeStat id=\"deliver\"").contains("<processorStat id=\"bean");
        // the diagram cannot draw a route-level errorHandler element (it failed with "reading 'weight'")
        HttpResponse<String> routes = jolokia("{\"type\":\"exec\",\"mbean\":\"" + context
                + "\",\"operation\":\"dumpRoutesAsXml(boolean)\",\"arguments\":[true]}", true);
        assertThat(json.readTree(routes.body()).path("value").asText()).contains("<route id=\"deliver\"")
                .doesNotContain("<errorHandler");
    }

    /** A Jolokia request as Hawtio sends it: a POST from this service's origin, with the CSRF token of its cookie. */
    private HttpResponse<String> jolokia(String body, boolean login) throws Exception {
        get("/actuator/health", false);
        String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .findFirst().map(java.net.HttpCookie::getValue).orElse("");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/jolokia"))
                .header("Content-Type", "application/json").header("Origin", "http://localhost:" + port)
                .header("X-XSRF-TOKEN", token).POST(HttpRequest.BodyPublishers.ofString(body));
        if (login) {
            request.header("Authorization", basic());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString("operator:test-operator-password"
                .getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path, boolean login) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (login) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString("operator:test-operator-password".getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
