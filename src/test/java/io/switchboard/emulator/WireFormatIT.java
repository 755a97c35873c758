package io.switchboard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Raw HTTP against the emulator, compared key by key with the JSON shapes Salesforce documents. */
class WireFormatIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static SalesforceEmulator emulator;
    static String token;
    static String data;

    @BeforeAll
    static void start() throws Exception {
        emulator = SalesforceEmulator.start(EmulatorSettings.defaults().withPort(0)
                .withExtraSchema(Path.of("src/test/resources/emulator/switchboard-org.yaml")));
        data = emulator.baseUrl() + "/services/data/v62.0";
        token = login().get("access_token").asText();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void clean() {
        emulator.reset();
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    }

    static JsonNode login() throws Exception {
        Reply reply = form("/services/oauth2/token", Map.of("grant_type", "password", "client_id", "switchboard-local",
                "client_secret", "local-only-secret", "username", "integration@switchboard.local",
                "password", "local-only-password"));
        assertThat(reply.status()).isEqualTo(200);
        return reply.body();
    }

    static Reply form(String path, Map<String, String> fields) throws Exception {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    static Reply call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : data + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(b.build());
    }

    static Reply send(HttpRequest request) throws Exception {
        HttpResponse<String> r = sendOnce(request);
        return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()), r);
    }

    /**
     * The JDK's HTTP client may reuse a keep-alive connection the JDK's HTTP server is closing at that moment
     * ("header parser received no bytes"); such a request is sent once more, on a new connection. The requests of
     * these tests are idempotent (the concurrency test upserts by key and counts records), so a retry can change
     * no assertion. Nothing else is retried.
     */
    private static HttpResponse<String> sendOnce(HttpRequest request) throws Exception {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            if (String.valueOf(e.getMessage()).contains("received no bytes")) {
                return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            }
            throw e;
        }
    }

    static String q(String soql) {
        return "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void tokenResponse() throws Exception {
        JsonNode t = login();
        assertThat(keys(t)).contains("access_token", "instance_url", "id", "token_type", "issued_at", "signature");
        assertThat(t.get("instance_url").asText()).isEqualTo(emulator.baseUrl());
        assertThat(t.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(t.get("id").asText()).matches(emulator.baseUrl().replace(".", "\\.")
                + "/id/00D[0-9A-Za-z]{15}/005[0-9A-Za-z]{15}");
        assertThat(t.get("issued_at").asText()).matches("\\d{13}");

        Reply bad = form("/services/oauth2/token", Map.of("grant_type", "password", "client_id", "switchboard-local",
                "client_secret", "local-only-secret", "username", "integration@switchboard.local", "password", "nope"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.raw().body()).isEqualTo("{\"error\":\"invalid_grant\",\"error_description\":\"authentication failure\"}");
        assertThat(form("/services/oauth2/token", Map.of("grant_type", "magic")).body().get("error").asText())
                .isEqualTo("unsupported_grant_type");
    }

    @Test
    void refreshTokenGrant() throws Exception {
        // the password flow issues none (as in Salesforce); this one stands for a web-server flow's
        assertThat(login().has("refresh_token")).isFalse();
        String refresh = emulator.issueRefreshToken();
        Reply refreshed = form("/services/oauth2/token", Map.of("grant_type", "refresh_token",
                "client_id", "switchboard-local", "refresh_token", refresh));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.body().get("access_token").asText()).isNotBlank();
    }

    @Test
    void createQueryAndRecordShapes() throws Exception {
        Reply created = call("POST", "/sobjects/Contact/", "{\"LastName\":\"Shape\",\"Email\":\"s@example.com\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(keys(created.body())).containsExactly("id", "success", "errors");
        assertThat(created.body().get("errors")).isEmpty();
        assertThat(created.raw().headers().firstValue("Sforce-Limit-Info")).hasValue("api-usage=1/100000");
        String id = created.body().get("id").asText();

        Reply record = call("GET", "/sobjects/Contact/" + id, null);
        assertThat(keys(record.body()).get(0)).isEqualTo("attributes");
        assertThat(keys(record.body().get("attributes"))).containsExactly("type", "url");
        assertThat(record.body().get("attributes").get("url").asText()).isEqualTo("/services/data/v62.0/sobjects/Contact/" + id);
        assertThat(record.body().get("CreatedDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");
        assertThat(record.body().get("Email").asText()).isEqualTo("s@example.com");
        assertThat(record.body().get("Phone").isNull()).isTrue();
        assertThat(keys(call("GET", "/sobjects/Contact/" + id + "?fields=LastName,Email", null).body()))
                .containsExactly("attributes", "Id", "LastName", "Email");

        Reply query = call("GET", q("SELECT Id, LastName FROM Contact"), null);
        assertThat(keys(query.body())).containsExactly("totalSize", "done", "records");
        assertThat(query.body().get("done").asBoolean()).isTrue();
        assertThat(keys(query.body().get("records").get(0))).containsExactly("attributes", "Id", "LastName");
        Reply count = call("GET", q("SELECT COUNT() FROM Contact"), null);
        assertThat(count.raw().body()).isEqualTo("{\"totalSize\":1,\"done\":true,\"records\":[]}");
    }

    @Test
    void queryPagesOf2000WithNextRecordsUrl() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            rows.add(Map.of("LastName", "P" + i));
        }
        emulator.org().seed(JSON.valueToTree(Map.of("Contact", rows)));
        Reply first = call("GET", q("SELECT Id FROM Contact"), null);
        assertThat(first.body().get("totalSize").asInt()).isEqualTo(2500);
        assertThat(first.body().get("done").asBoolean()).isFalse();
        assertThat(first.body().get("records")).hasSize(2000);
        String next = first.body().get("nextRecordsUrl").asText();
        assertThat(next).matches("/services/data/v62\\.0/query/01g[0-9A-Za-z]{15}-2000");
        Reply second = call("GET", emulator.baseUrl() + next, null);
        assertThat(second.body().get("records")).hasSize(500);
        assertThat(second.body().get("done").asBoolean()).isTrue();
        assertThat(second.body().has("nextRecordsUrl")).isFalse();
    }

    static Stream<Arguments> invalidWrites() {
        return Stream.of(
                Arguments.of("POST", "/sobjects/Lead/", "{\"LastName\":\"x\",\"Company\":\"c\",\"Foo\":1}", 400, "INVALID_FIELD", "No such column 'Foo' on sobject of type Lead"),
                Arguments.of("POST", "/sobjects/Lead/", "{\"LastName\":\"x\"}", 400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [Company]"),
                Arguments.of("POST", "/sobjects/Contact/", "{\"LastName\":\"x\",\"Name\":\"n\"}", 400, "INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: Name"),
                Arguments.of("POST", "/sobjects/Lead/", "{\"LastName\":\"x\",\"Company\":\"c\",\"LeadSource\":\"Carrier Pigeon\"}", 400, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "bad value for restricted picklist field: Carrier Pigeon"),
                Arguments.of("POST", "/sobjects/Contact/", "{\"LastName\":\"x\",\"Email\":\"not-an-email\"}", 400, "INVALID_EMAIL_ADDRESS", "invalid email address: not-an-email"),
                Arguments.of("POST", "/sobjects/Task/", "{\"Subject\":\"" + "s".repeat(256) + "\"}", 400, "STRING_TOO_LONG", "data value too large"),
                Arguments.of("POST", "/sobjects/Task/", "{\"CallDurationInSeconds\":\"long\"}", 400, "INVALID_TYPE_ON_FIELD_IN_RECORD", "value not of required type: long"),
                Arguments.of("POST", "/sobjects/Task/", "{\"WhoId\":\"003Hs000000Zzzz\"}", 400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id"),
                Arguments.of("POST", "/sobjects/Task/", "{\"WhoId\":\"nope\"}", 400, "MALFORMED_ID", "id value of incorrect type"),
                Arguments.of("POST", "/sobjects/Task/", "{\"Subject\": }", 400, "JSON_PARSER_ERROR", ""),
                Arguments.of("POST", "/sobjects/Nope__c/", "{}", 404, "NOT_FOUND", "The requested resource does not exist"),
                Arguments.of("GET", "/sobjects/Contact/003Hs0000000001", null, 404, "NOT_FOUND", "The requested resource does not exist"),
                Arguments.of("GET", "/sobjects/Contact/bogus", null, 404, "NOT_FOUND",
                        "Provided external ID field does not exist or is not accessible: bogus"),
                Arguments.of("PATCH", "/sobjects/Task/Switchboard_Event_Id__c/e1", "{\"Switchboard_Event_Id__c\":\"e1\"}", 400, "INVALID_FIELD", "Switchboard_Event_Id__c"),
                Arguments.of("PATCH", "/sobjects/Task/Switchboard_Event_Id__c/e1", "{\"Id\":\"00THs0000000001\"}", 400, "INVALID_FIELD", "Id"),
                Arguments.of("PATCH", "/sobjects/Task/Subject/e1", "{}", 404, "NOT_FOUND", "Provided external ID field does not exist"),
                Arguments.of("GET", q("SELECT Id FROM Contact WHERE LastName = 'O'Brien'"), null, 400, "MALFORMED_QUERY", "ERROR at Row:1:Column:"),
                Arguments.of("GET", "/search?q=" + URLEncoder.encode("FIND {a&b}", StandardCharsets.UTF_8), null, 400, "MALFORMED_SEARCH", ""));
    }

    @ParameterizedTest
    @MethodSource("invalidWrites")
    void errorsAreArraysWithSalesforceCodes(String method, String path, String body, int status, String code, String message)
            throws Exception {
        Reply reply = call(method, path, body);
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.body().isArray()).isTrue();
        JsonNode error = reply.body().get(0);
        assertThat(keys(error)).startsWith("message", "errorCode");
        assertThat(error.get("errorCode").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).contains(message);
    }

    @Test
    void upsertStatusesAndMultipleChoices(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Reply created = call("PATCH", "/sobjects/Task/Switchboard_Event_Id__c/e-1", "{\"Subject\":\"a\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(keys(created.body())).containsExactly("id", "success", "errors", "created");
        Reply updated = call("PATCH", "/sobjects/Task/Switchboard_Event_Id__c/e-1", "{\"Subject\":\"b\"}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.body().get("created").asBoolean()).isFalse();
        Reply duplicate = call("POST", "/sobjects/Task/", "{\"Subject\":\"c\",\"Switchboard_Event_Id__c\":\"E-1\"}");
        assertThat(duplicate.body().get(0).get("errorCode").asText()).isEqualTo("DUPLICATE_VALUE");

        // a non-unique external id can match several records: 300 with their URLs
        Path schema = dir.resolve("multi-ext.yaml");
        java.nio.file.Files.writeString(schema, "objects:\n  Contact:\n    fields:\n      Legacy_Id__c: {type: string, externalId: true}\n");
        try (SalesforceEmulator other = SalesforceEmulator.start(EmulatorSettings.defaults().withPort(0).withExtraSchema(schema))) {
            other.org().insert("Contact", Map.of("LastName", "a", "Legacy_Id__c", "L1"));
            other.org().insert("Contact", Map.of("LastName", "b", "Legacy_Id__c", "L1"));
            String otherToken = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(other.baseUrl() + "/services/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=switchboard-local&client_secret=local-only-secret"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body()).get("access_token").asText();
            HttpResponse<String> multi = HTTP.send(HttpRequest.newBuilder(URI.create(other.baseUrl()
                            + "/services/data/v62.0/sobjects/Contact/Legacy_Id__c/L1"))
                    .header("Authorization", "Bearer " + otherToken).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"Title\":\"t\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(multi.statusCode()).isEqualTo(300);
            assertThat(JSON.readTree(multi.body())).hasSize(2);
            assertThat(JSON.readTree(multi.body()).get(0).asText()).startsWith("/services/data/v62.0/sobjects/Contact/003");
        }
    }

    @Test
    void describeAndLimits() throws Exception {
        JsonNode describe = call("GET", "/sobjects/Task/describe/", null).body();
        assertThat(describe.get("name").asText()).isEqualTo("Task");
        assertThat(describe.get("keyPrefix").asText()).isEqualTo("00T");
        JsonNode status = null;
        JsonNode ext = null;
        for (JsonNode f : describe.get("fields")) {
            if (f.get("name").asText().equals("Status")) {
                status = f;
            }
            if (f.get("name").asText().equals("Switchboard_Event_Id__c")) {
                ext = f;
            }
        }
        assertThat(status.get("restrictedPicklist").asBoolean()).isTrue();
        assertThat(status.get("picklistValues").get(0).get("value").asText()).isEqualTo("Not Started");
        assertThat(status.get("picklistValues").get(0).get("defaultValue").asBoolean()).isTrue();
        assertThat(keys(status.get("picklistValues").get(0))).contains("value", "label", "active", "defaultValue");
        assertThat(ext.get("externalId").asBoolean()).isTrue();
        assertThat(ext.get("unique").asBoolean()).isTrue();
        assertThat(ext.get("custom").asBoolean()).isTrue();
        assertThat(call("GET", "/sobjects/", null).body().get("sobjects").size()).isGreaterThan(10);

        JsonNode limits = call("GET", "/limits/", null).body();
        assertThat(keys(limits.get("DailyApiRequests"))).containsExactly("Max", "Remaining");
        assertThat(limits.get("DailyApiRequests").get("Max").asLong()).isEqualTo(100_000);
        assertThat(limits.get("DailyApiRequests").get("Remaining").asLong()).isEqualTo(100_000 - 3);
        assertThat(send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/services/data/")).build()).body().get(0)
                .get("version").asText()).isNotBlank();
    }

    @Test
    void invalidTokenAndLimitExceeded() throws Exception {
        Reply unauthorised = send(HttpRequest.newBuilder(URI.create(data + "/limits/")).header("Authorization", "Bearer nope").build());
        assertThat(unauthorised.status()).isEqualTo(401);
        assertThat(unauthorised.raw().body()).isEqualTo("[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");

        Reply setLimit = send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/__emulator/limits"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"dailyApiLimit\":3}")).build());
        assertThat(setLimit.status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            assertThat(call("GET", "/limits/", null).status()).isEqualTo(200);
        }
        Reply exceeded = call("GET", "/limits/", null);
        assertThat(exceeded.status()).isEqualTo(403);
        assertThat(exceeded.raw().body()).isEqualTo("[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]");
        assertThat(exceeded.raw().headers().firstValue("Sforce-Limit-Info")).hasValue("api-usage=3/3");
        assertThat(emulator.apiRequests()).isEqualTo(3);
        emulator.org().query("SELECT Id FROM Contact");
        assertThat(emulator.apiRequests()).as("in-process access is not API usage").isEqualTo(3);
        send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/__emulator/limits"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"dailyApiLimit\":100000}")).build());
    }

    @Test
    void faultsUseRealStatusCodes() throws Exception {
        emulator.faults().failNext(1, "SERVER_UNAVAILABLE");
        assertThat(call("GET", "/limits/", null).status()).isEqualTo(503);
        assertThat(call("GET", "/limits/", null).status()).isEqualTo(200);

        Reply viaAdmin = send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/__emulator/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"failNext\":{\"count\":2,\"errorCode\":\"UNABLE_TO_LOCK_ROW\"}}")).build());
        assertThat(viaAdmin.status()).isEqualTo(200);
        Reply locked = call("POST", "/sobjects/Contact/", "{\"LastName\":\"x\"}");
        assertThat(locked.status()).isEqualTo(400);
        assertThat(locked.body().get(0).get("errorCode").asText()).isEqualTo("UNABLE_TO_LOCK_ROW");
        assertThat(locked.body().get(0).get("message").asText()).contains("unable to obtain exclusive access to this record");
        assertThat(call("GET", "/limits/", null).status()).isEqualTo(400);
        assertThat(call("GET", "/limits/", null).status()).isEqualTo(200);

        emulator.faults().failRate(1.0, "REQUEST_LIMIT_EXCEEDED");
        assertThat(call("GET", "/limits/", null).status()).isEqualTo(403);
        emulator.faults().clear();

        emulator.faults().expireSessions();
        assertThat(call("GET", "/limits/", null).status()).isEqualTo(401);
        token = login().get("access_token").asText();
        assertThat(call("GET", "/limits/", null).status()).isEqualTo(200);
    }

    @Test
    void adminSeedExportAndReset() throws Exception {
        Reply seeded = send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/__emulator/seed"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"Account\":[{\"Name\":\"Seeded\"}],\"Contact\":[{\"LastName\":\"S\"}]}")).build());
        assertThat(seeded.status()).isEqualTo(200);
        JsonNode export = send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/__emulator/export")).build()).body();
        assertThat(export.get("Account").get(0).get("Name").asText()).isEqualTo("Seeded");
        assertThat(export.get("User")).hasSize(2);
        assertThat(emulator.apiRequests()).isZero();
        send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/__emulator/reset")).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(emulator.org().count("Account")).isZero();
        assertThat(emulator.org().count("User")).isEqualTo(2);
    }

    @Test
    void concurrentWritesAreSafeAndFast() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                jobs.add(() -> {
                    int ok = 0;
                    for (int i = 0; i < 250; i++) {
                        Reply r = call("PATCH", "/sobjects/Task/Switchboard_Event_Id__c/evt-" + (i % 100),
                                "{\"Subject\":\"t" + thread + "\"}");
                        ok += r.status() == 200 || r.status() == 201 ? 1 : 0;
                    }
                    return ok;
                });
            }
            long start = System.nanoTime();
            int ok = 0;
            for (Future<Integer> f : pool.invokeAll(jobs)) {
                ok += f.get();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(ok).isEqualTo(2000);
            assertThat(emulator.org().count("Task")).as("upserts by the same key never duplicate").isEqualTo(100);
            assertThat(took).isLessThan(Duration.ofSeconds(20));
        } finally {
            pool.shutdownNow();
        }
    }

    /** A GET whose request URI (path and query) is longer than 16,384 characters: 414 as from a real org. */
    @Test
    void overlongRequestUriIs414() throws Exception {
        String prefix = "SELECT Id FROM Contact WHERE LastName = '";
        String base = data.substring(emulator.baseUrl().length()) + q(prefix + "'");
        int padding = SalesforceEmulator.MAX_URI_LENGTH - base.length();
        String atLimit = q(prefix + "x".repeat(padding) + "'");
        assertThat(data.substring(emulator.baseUrl().length()) + atLimit).hasSize(SalesforceEmulator.MAX_URI_LENGTH);
        long before = emulator.apiRequests();

        Reply ok = call("GET", atLimit, null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().get("totalSize").asInt()).isZero();

        Reply tooLong = call("GET", q(prefix + "x".repeat(padding + 1) + "'"), null);
        assertThat(tooLong.status()).isEqualTo(414);
        assertThat(tooLong.raw().headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
        assertThat(tooLong.body().isArray()).isTrue();
        assertThat(tooLong.body()).hasSize(1);
        assertThat(keys(tooLong.body().get(0))).containsExactly("message", "errorCode");
        assertThat(tooLong.body().get(0).get("errorCode").asText()).isEqualTo("URI_TOO_LONG");
        assertThat(emulator.apiRequests()).as("refused before it counts as an API request").isEqualTo(before + 1);
    }
}
