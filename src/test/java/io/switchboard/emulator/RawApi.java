package io.switchboard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A plain HTTP client for one emulator, logged in with client credentials; for tests that check raw JSON. */
final class RawApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String data;
    private final String token;

    RawApi(SalesforceEmulator emulator) throws Exception {
        this.data = emulator.baseUrl() + "/services/data/v62.0";
        EmulatorSettings s = emulator.settings();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + s.clientId()
                        + "&client_secret=" + s.clientSecret())).build(), HttpResponse.BodyHandlers.ofString());
        this.token = JSON.readTree(login.body()).get("access_token").asText();
    }

    WireFormatIT.Reply call(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(data + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
        return new WireFormatIT.Reply(r.statusCode(), json, r);
    }
}
