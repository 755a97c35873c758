package io.switchboard.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The management surface against a hostile page, a guesser and a curious viewer (issue 26): Jolokia runs nothing on
 * a GET or from another origin, and no diagnostic or JVM operation at all; each role does what it may and no more;
 * failed logins are throttled; the cookies are SameSite and Secure behind a TLS proxy; an anonymous caller sees the
 * health status only; env and configprops are for admins, with every secret masked.
 */
class SecurityIT extends EndToEndTest {

    private static final String ADMIN = "operator";
    private static final String ADMIN_PASSWORD = TestBed.OPERATOR_PASSWORD;
    private static final String CAMEL_CONTEXT = "org.apache.camel:context=switchboard,type=context,name=\\\"switchboard\\\"";

    @LocalServerPort
    int port;
    @org.springframework.beans.factory.annotation.Autowired
    io.switchboard.rules.RulesReloader rules;

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();

    @Test
    void aCrossSiteGetToJolokiaRunsNoOperationNotEvenWithTheAdminsLogin() throws Exception {
        // what a browser sends for <img src=".../exec/java.lang:type=Memory/gc"> on another site: a Referer, no Origin
        for (String path : List.of("/actuator/jolokia/exec/java.lang:type=Memory/gc",
                // Hawtio's path to Jolokia, which forwards to it
                "/actuator/hawtio/jolokia/exec/java.lang:type=Memory/gc",
                "/actuator/jolokia/?p=/exec/java.lang:type=Memory/gc",
                "/actuator/jolokia/exec/org.apache.camel:context=switchboard,type=context,name=%22switchboard%22/canSendToEndpoint/log:x")) {
            HttpResponse<String> answer = send(request(path).GET().header("Referer", "https://evil.example/page.html"),
                    ADMIN, ADMIN_PASSWORD);
            assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(403);
            assertThat(answer.body()).doesNotContain("\"status\":200");
        }
    }

    @Test
    void aJolokiaPostFromAnotherOriginOrWithoutOneIsRefused() throws Exception {
        String exec = execCamel("dumpRoutesAsXml(boolean)", "[false]");
        HttpResponse<String> crossSite = send(jolokiaPost(exec).header("Origin", "https://evil.example"), ADMIN, ADMIN_PASSWORD);
        assertThat(crossSite.statusCode()).isEqualTo(403);
        HttpResponse<String> viaHawtio = send(withCsrf(post("/actuator/hawtio/jolokia", exec))
                .header("Origin", "https://evil.example"), ADMIN, ADMIN_PASSWORD);
        assertThat(viaHawtio.statusCode()).isEqualTo(403);
        HttpResponse<String> noOrigin = send(jolokiaPost(exec), ADMIN, ADMIN_PASSWORD);
        assertThat(noOrigin.statusCode()).isEqualTo(403);
        // a look-alike of this origin on another port or scheme is another origin
        HttpResponse<String> otherPort = send(jolokiaPost(exec).header("Origin", "http://localhost:" + (port + 1)), ADMIN, ADMIN_PASSWORD);
        assertThat(otherPort.statusCode()).isEqualTo(403);
        HttpResponse<String> sameOrigin = send(jolokiaPost(exec).header("Origin", origin()), ADMIN, ADMIN_PASSWORD);
        assertThat(sameOrigin.statusCode()).isEqualTo(200);
        assertThat(json.readTree(sameOrigin.body()).path("status").asInt()).as(sameOrigin.body()).isEqualTo(200);
    }

    @Test
    void jolokiaRunsNoDiagnosticCommandHeapDumpJavaLangOperationOrLoggingChangeEvenForAnAdmin() throws Exception {
        String file = "/tmp/switchboard-heap-" + UUID.randomUUID() + ".hprof";
        Map<String, String> refused = Map.of(
                "gc", "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}",
                "heap dump", "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                        + "\"operation\":\"dumpHeap\",\"arguments\":[\"" + file + "\",true]}",
                "diagnostic command", "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\","
                        + "\"operation\":\"vmSystemProperties\"}",
                "diagnostic read", "{\"type\":\"read\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                        + "\"attribute\":\"DiagnosticOptions\"}",
                "logging change", "{\"type\":\"exec\",\"mbean\":\"java.util.logging:type=Logging\","
                        + "\"operation\":\"setLoggerLevel\",\"arguments\":[\"\",\"OFF\"]}",
                "write", "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}");
        for (Map.Entry<String, String> r : refused.entrySet()) {
            JsonNode answer = jolokia(r.getValue(), ADMIN, ADMIN_PASSWORD);
            assertThat(answer.path("status").asInt()).as(r.getKey() + ": " + answer).isEqualTo(403);
        }
        assertThat(java.nio.file.Path.of(file)).doesNotExist();
        // reads of java.lang stay open (Hawtio's JVM pages)
        JsonNode uptime = jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}",
                TestBed.VIEWER, TestBed.VIEWER_PASSWORD);
        assertThat(uptime.path("status").asInt()).as(uptime.toString()).isEqualTo(200);
    }

    @Test
    void onlyAnAdminRunsACamelOperationThatIsNotARead() throws Exception {
        // Hawtio's route diagram and statistics are reads: a viewer's too
        JsonNode dump = jolokia(execCamel("dumpRoutesAsXml(boolean)", "[false]"), TestBed.VIEWER, TestBed.VIEWER_PASSWORD);
        assertThat(dump.path("status").asInt()).as(dump.toString()).isEqualTo(200);
        // asks whether an endpoint could be sent to, and changes nothing: still no read by its name, so an admin's
        String other = execCamel("canSendToEndpoint(java.lang.String)", "[\"log:security-test\"]");
        assertThat(jolokia(other, TestBed.VIEWER, TestBed.VIEWER_PASSWORD).path("status").asInt()).isEqualTo(403);
        assertThat(jolokia(other, TestBed.ON_DUTY, TestBed.ON_DUTY_PASSWORD).path("status").asInt()).isEqualTo(403);
        JsonNode admin = jolokia(other, ADMIN, ADMIN_PASSWORD);
        assertThat(admin.path("status").asInt()).as(admin.toString()).isEqualTo(200);
    }

    @Test
    void aViewerSeesEverythingAndChangesNothingWhileAnOperatorDiscardsUnderTheirOwnName() throws Exception {
        String id = unique("roles-dead");
        publish(TestBed.CALLS, id, event(id, "fax.inbound", Map.of()));
        awaitOutcome(id);
        long letter = await().atMost(Duration.ofSeconds(30)).until(() -> letterId(id), n -> n > 0);
        String discard = "{\"ids\": [" + letter + "], \"note\": \"roles test\"}";

        assertThat(send(request("/console/api/overview").GET(), TestBed.VIEWER, TestBed.VIEWER_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(send(request("/api/review/items").GET(), TestBed.VIEWER, TestBed.VIEWER_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(send(withCsrf(post("/console/api/dead-letters/discard", discard)), TestBed.VIEWER, TestBed.VIEWER_PASSWORD)
                .statusCode()).isEqualTo(403);
        assertThat(send(withCsrf(post("/api/review/skip", "{\"eventId\":\"" + id + "\",\"reason\":\"no\"}")),
                TestBed.VIEWER, TestBed.VIEWER_PASSWORD).statusCode()).isEqualTo(403);
        assertThat(send(request("/actuator/env").GET(), TestBed.VIEWER, TestBed.VIEWER_PASSWORD).statusCode()).isEqualTo(403);

        HttpResponse<String> done = send(withCsrf(post("/console/api/dead-letters/discard", discard)),
                TestBed.ON_DUTY, TestBed.ON_DUTY_PASSWORD);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        JsonNode audit = json.readTree(send(request("/console/api/audit").GET(), TestBed.VIEWER, TestBed.VIEWER_PASSWORD).body());
        assertThat(audit.findValuesAsText("who")).contains(TestBed.ON_DUTY);
    }

    @Test
    void bruteForceLoginsAreThrottledPerLoginNameAndPerClientAddress() throws Exception {
        // each guesser comes through the (trusted, local) proxy from an address of its own, so no other test is held
        String guesser = "203.0.113." + (1 + (int) (Math.random() * 250));
        for (int i = 0; i < 5; i++) {
            assertThat(basicFrom(guesser, TestBed.GUESSED, "guess-" + i).statusCode()).isEqualTo(401);
        }
        // past five attempts for the name from that address, even its right password waits there
        HttpResponse<String> held = basicFrom(guesser, TestBed.GUESSED, TestBed.GUESSED_PASSWORD);
        assertThat(held.statusCode()).isEqualTo(429);
        assertThat(held.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
        // but the guesser cannot lock the name's owner out: from the owner's own address, the right password works
        assertThat(basicFrom("198.51.100.7", TestBed.GUESSED, TestBed.GUESSED_PASSWORD).statusCode()).isEqualTo(200);

        // guesses sent in parallel are counted as they arrive, not once each has failed: of twelve at once from a
        // fresh address, no more than five reach the password check
        String parallel = "203.0.113." + (1 + (int) (Math.random() * 250));
        java.util.List<java.util.concurrent.CompletableFuture<Integer>> guesses = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String guess = "parallel-" + i;
            guesses.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return basicFrom(parallel, "parallel-guessed", guess).statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        java.util.List<Integer> answers = guesses.stream().map(java.util.concurrent.CompletableFuture::join).toList();
        assertThat(answers.stream().filter(status -> status == 401).count()).as(answers.toString()).isLessThanOrEqualTo(5);

        // one password sprayed over many names: past twenty failures the address waits, whatever the name
        String sprayer = "198.51.100." + (10 + (int) (Math.random() * 240));
        for (int i = 0; i < 20; i++) {
            assertThat(basicFrom(sprayer, "nobody-" + i, "Winter2026!").statusCode()).isEqualTo(401);
        }
        assertThat(basicFrom(sprayer, TestBed.VIEWER, TestBed.VIEWER_PASSWORD).statusCode()).isEqualTo(429);
        // the login page's form is held alike
        HttpResponse<String> form = send(withCsrf(request("/login").header("X-Forwarded-For", sprayer)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=viewer&password=x"))), null, null);
        assertThat(form.statusCode()).isEqualTo(429);
        // the viewer from elsewhere is not
        assertThat(basicFrom("192.0.2.44", TestBed.VIEWER, TestBed.VIEWER_PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void sessionAndXsrfCookiesAreSameSiteLaxHttpOnlyAndSecureBehindATlsProxy() throws Exception {
        // a console page without a login: the session keeps where to return after it, and the XSRF cookie is set
        HttpResponse<String> plain = HttpClient.newHttpClient().send(request("/console").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> set = plain.headers().allValues("Set-Cookie");
        assertThat(cookie(set, "JSESSIONID")).contains("SameSite=Lax").contains("HttpOnly").doesNotContain("Secure");
        assertThat(cookie(set, "XSRF-TOKEN")).contains("SameSite=Lax").doesNotContain("Secure").doesNotContain("HttpOnly");

        HttpResponse<String> proxied = HttpClient.newHttpClient().send(request("/console").GET()
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "192.0.2.10").build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> secure = proxied.headers().allValues("Set-Cookie");
        assertThat(cookie(secure, "JSESSIONID")).contains("SameSite=Lax").contains("Secure").contains("HttpOnly");
        assertThat(cookie(secure, "XSRF-TOKEN")).contains("SameSite=Lax").contains("Secure");
    }

    @Test
    void anAnonymousCallerSeesTheHealthStatusOnlyWhileProbesKeepWorking() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
            HttpResponse<String> anonymous = send(request(path).GET(), null, null);
            assertThat(anonymous.statusCode()).as(path).isIn(200, 503);
            JsonNode body = json.readTree(anonymous.body());
            // the status, and at most the names of the probes' groups: no component, no detail
            assertThat(body.fieldNames()).toIterable().as(path + ": " + body).contains("status").isSubsetOf("status", "groups");
        }
        JsonNode viewer = json.readTree(send(request("/actuator/health").GET(), TestBed.VIEWER, TestBed.VIEWER_PASSWORD).body());
        assertThat(viewer.path("components").path("salesforce").has("details")).as(viewer.toString()).isTrue();
    }

    @Test
    void envAndConfigpropsAreForAdminsAndMaskEverySecret() throws Exception {
        Map<String, String> settings = bed.properties();
        List<String> secrets = List.of(TestBed.INGRESS_SECRET, settings.get("camel.component.salesforce.client-secret"),
                settings.get("camel.component.salesforce.password"),
                settings.get("switchboard.management.operators.operator.password"), ADMIN_PASSWORD);
        assertThat(secrets).doesNotContainNull();
        for (String path : List.of("/actuator/env", "/actuator/configprops")) {
            assertThat(send(request(path).GET(), TestBed.ON_DUTY, TestBed.ON_DUTY_PASSWORD).statusCode()).isEqualTo(403);
            HttpResponse<String> admin = send(request(path).GET(), ADMIN, ADMIN_PASSWORD);
            assertThat(admin.statusCode()).as(path).isEqualTo(200);
            for (String secret : secrets) {
                assertThat(admin.body()).as(path).doesNotContain(secret);
            }
            // the masked settings are there, as masked: the admin sees that they are set
            assertThat(admin.body()).as(path).contains("******");
        }
        JsonNode aircall = json.readTree(send(request("/actuator/env/switchboard.ingress.producers.aircall.secret").GET(),
                ADMIN, ADMIN_PASSWORD).body());
        assertThat(aircall.path("property").path("value").asText()).isEqualTo("******");
        // what is no secret stays readable for the admin
        JsonNode group = json.readTree(send(request("/actuator/env/switchboard.kafka.group-id").GET(), ADMIN, ADMIN_PASSWORD).body());
        assertThat(group.path("property").path("value").asText()).isEqualTo("switchboard-test");
    }

    @Test
    void aRulesReloadOverJmxIsAuditedUnderTheCallersName() throws Exception {
        // as Jolokia runs reloadNow for a logged-in admin: in the request, with the caller in Spring Security's context
        // (the shared test context exports no io.switchboard MBeans, so the operation is called on the bean)
        org.springframework.security.core.context.SecurityContextHolder.getContext().setAuthentication(
                org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(
                        "rules-admin", null, Role.ADMIN.authorities()));
        try {
            assertThat(rules.reloadNow()).isEmpty();
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
        JsonNode audit = json.readTree(send(request("/console/api/audit").GET(), TestBed.VIEWER, TestBed.VIEWER_PASSWORD).body());
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.path("action").asText()).isEqualTo("reload rules");
            assertThat(e.path("who").asText()).isEqualTo("rules-admin");
            assertThat(e.path("via").asText()).isEqualTo("jmx");
        });
    }

    private static String cookie(List<String> setCookies, String name) {
        return setCookies.stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + setCookies));
    }

    private HttpResponse<String> basicFrom(String address, String user, String password) throws Exception {
        return send(request("/console/api/overview").GET().header("X-Forwarded-For", address), user, password);
    }

    private String origin() {
        return "http://localhost:" + port;
    }

    private static String execCamel(String operation, String arguments) {
        return "{\"type\":\"exec\",\"mbean\":\"" + CAMEL_CONTEXT + "\",\"operation\":\"" + operation
                + "\",\"arguments\":" + arguments + "}";
    }

    /** A Jolokia request as Hawtio sends it: a POST from this service's pages, with the CSRF token. */
    private JsonNode jolokia(String body, String user, String password) throws Exception {
        HttpResponse<String> answer = send(withCsrf(jolokiaPost(body).header("Origin", origin())), user, password);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json.readTree(answer.body());
    }

    private HttpRequest.Builder jolokiaPost(String body) throws Exception {
        return withCsrf(post("/actuator/jolokia", body));
    }

    private HttpRequest.Builder withCsrf(HttpRequest.Builder request) throws Exception {
        if (xsrf() == null) {
            http.send(request("/actuator/health").GET().build(), HttpResponse.BodyHandlers.discarding());
        }
        return request.setHeader("X-XSRF-TOKEN", xsrf());
    }

    private String xsrf() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .findFirst().map(HttpCookie::getValue).orElse(null);
    }

    private long letterId(String eventId) throws Exception {
        JsonNode letters = json.readTree(send(request("/console/api/dead-letters?all=true&step=rules&code=UNKNOWN_TYPE").GET(),
                TestBed.VIEWER, TestBed.VIEWER_PASSWORD).body());
        for (JsonNode l : letters) {
            if (eventId.equals(l.path("eventId").asText())) {
                return l.path("id").asLong();
            }
        }
        return -1;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(origin() + path));
    }

    private HttpRequest.Builder post(String path, String body) {
        return request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String user, String password) throws Exception {
        if (user != null) {
            request.setHeader("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
