package io.switchboard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The emulator's answers against Salesforce's documented example responses
 * ({@code src/test/resources/salesforce-docs/}, each with its source page): same keys, same nesting, same JSON
 * types, field by field.
 */
class DocumentedShapesIT {

    static final Path FIXTURES = Path.of("src/test/resources/salesforce-docs");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static SalesforceEmulator emulator;
    static RawApi api;

    @BeforeAll
    static void start() throws Exception {
        // a unit test of the emulator: no search lag, so the documented search finds the seeded record
        emulator = SalesforceEmulator.start(EmulatorSettings.defaults().withPort(0).withSearchIndexDelay(Duration.ZERO)
                .withExtraSchema(Path.of("src/test/resources/emulator/switchboard-org.yaml")));
        List<Map<String, Object>> contacts = new ArrayList<>();
        for (int i = 0; i < 2099; i++) {
            contacts.add(Map.of("LastName", "P" + i));
        }
        contacts.add(Map.of("LastName", "Seeded"));
        emulator.org().seed(JSON.valueToTree(Map.of("Contact", contacts)));
        api = new RawApi(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void answersInTheDocumentedShape(Path fixture) throws Exception {
        JsonNode doc = JSON.readTree(fixture.toFile());
        assertThat(doc.get("source").asText()).as("every fixture names its source").startsWith("https://");
        JsonNode request = doc.get("request");
        HttpResponse<String> response = send(request);
        assertThat(response.statusCode()).as(fixture + " status; body " + response.body())
                .isEqualTo(doc.get("status").asInt());
        List<String> differences = new ArrayList<>();
        compare("$", doc.get("body"), JSON.readTree(response.body()), doc.get("match").asText().equals("exact"),
                differences);
        assertThat(differences).as(fixture.getFileName() + " against " + response.body()).isEmpty();
    }

    private static HttpResponse<String> send(JsonNode request) throws Exception {
        String method = request.get("method").asText();
        String path = request.get("path").asText();
        if (request.path("unauthenticated").asBoolean(false)) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path));
            if (request.has("form")) {
                StringBuilder form = new StringBuilder();
                request.get("form").fields().forEachRemaining(e -> form.append(form.length() == 0 ? "" : "&")
                        .append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue().asText(), StandardCharsets.UTF_8)));
                b.header("Content-Type", "application/x-www-form-urlencoded")
                        .method(method, HttpRequest.BodyPublishers.ofString(form.toString()));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
        String body = request.has("body") ? JSON.writeValueAsString(request.get("body")) : null;
        return api.call(method, path, body).raw();
    }

    /**
     * Documented against actual: each documented key present with a value of the same JSON type (a documented null
     * matches anything); objects compared key by key, arrays element by element as far as the example goes.
     */
    static void compare(String where, JsonNode documented, JsonNode actual, boolean exact, List<String> out) {
        if (documented.isNull()) {
            return;
        }
        if (actual == null || actual.isMissingNode()) {
            out.add(where + ": missing");
            return;
        }
        if (documented.getNodeType() != actual.getNodeType()) {
            out.add(where + ": " + documented.getNodeType() + " documented, " + actual.getNodeType() + " answered");
            return;
        }
        if (documented.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = documented.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                compare(where + "." + e.getKey(), e.getValue(), actual.get(e.getKey()), exact, out);
            }
            if (exact) {
                actual.fieldNames().forEachRemaining(name -> {
                    if (!documented.has(name)) {
                        out.add(where + "." + name + ": not in the documented example");
                    }
                });
            }
        } else if (documented.isArray()) {
            if (actual.size() < documented.size()) {
                out.add(where + ": " + actual.size() + " elements, the example shows " + documented.size());
            }
            for (int i = 0; i < Math.min(documented.size(), actual.size()); i++) {
                compare(where + "[" + i + "]", documented.get(i), actual.get(i), exact, out);
            }
        }
    }
}
