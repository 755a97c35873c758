package io.switchboard.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.event.EventParser;
import io.switchboard.ingress.auth.IngressRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CloudEvents HTTP binding: three modes, each held to the contract. */
class HttpBindingTest {

    private final HttpBinding binding = new HttpBinding(new EventParser(new ObjectMapper()));

    private static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"h1\",\"source\":\"s\",\"type\":\"call.inbound\","
            + "\"time\":\"2026-11-20T15:04:05Z\",\"data\":{}}";

    private static IngressRequest request(String contentType, String body, String... headers) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        all.put("content-type", List.of(contentType));
        for (int i = 0; i < headers.length; i += 2) {
            all.computeIfAbsent(headers[i], k -> new java.util.ArrayList<>()).add(headers[i + 1]);
        }
        return new IngressRequest("p", all, null, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] binaryHeaders(String... more) {
        List<String> h = new java.util.ArrayList<>(List.of("ce-specversion", "1.0", "ce-id", "b1", "ce-source", "s",
                "ce-type", "call.inbound", "ce-time", "2026-11-20T15:04:05.5Z"));
        h.addAll(List.of(more));
        return h.toArray(String[]::new);
    }

    @Test
    void structuredModeIsOneEvent() {
        var parsed = binding.read(request("application/cloudevents+json; charset=utf-8", EVENT));
        assertThat(parsed).singleElement().satisfies(p -> assertThat(p.event().id()).isEqualTo("h1"));
    }

    @Test
    void batchedModeAnswersEachElementInOrder() {
        var parsed = binding.read(request("application/cloudevents-batch+json", "[" + EVENT + ",{\"id\":\"x\"},7]"));
        assertThat(parsed).hasSize(3);
        assertThat(parsed.get(0).event().id()).isEqualTo("h1");
        assertThat(parsed.get(1).rejection().code()).isEqualTo("SCHEMA_VIOLATION");
        assertThat(parsed.get(2).rejection().code()).isEqualTo("UNPARSEABLE_JSON");
    }

    @Test
    void aBatchIsReadAsStrictlyAsOneEvent() {
        var duplicate = binding.read(request("application/cloudevents-batch+json", "[{\"id\":\"a\",\"id\":\"b\"}]"));
        assertThat(duplicate).singleElement().satisfies(p -> assertThat(p.rejection().code()).isEqualTo("UNPARSEABLE_JSON"));
        var notArray = binding.read(request("application/cloudevents-batch+json", EVENT));
        assertThat(notArray).singleElement().satisfies(p -> assertThat(p.rejection().message()).contains("not an array"));
    }

    @Test
    void binaryModeTakesTheAttributesFromCeHeaders() {
        var parsed = binding.read(request("application/json", "{\"person\":{\"email\":\"a@b.co\"}}", binaryHeaders()));
        assertThat(parsed).singleElement().satisfies(p -> {
            assertThat(p.rejection()).isNull();
            assertThat(p.event().id()).isEqualTo("b1");
            assertThat(p.event().node("person.email").asText()).isEqualTo("a@b.co");
        });
    }

    @Test
    void binaryModeDataIsHeldToOneJsonObject() {
        var parsed = binding.read(request("application/json", "{\"a\":1,\"a\":2}", binaryHeaders()));
        assertThat(parsed.get(0).rejection().code()).isEqualTo("UNPARSEABLE_JSON");
    }

    @Test
    void anAttributeHeaderGivenTwiceIsRefused() {
        var parsed = binding.read(request("application/json", "{}", binaryHeaders("ce-id", "b2")));
        assertThat(parsed.get(0).rejection().message()).contains("ce-id twice");
    }

    @Test
    void aBodyWithoutCloudEventsMarksSaysWhatToSend() {
        var parsed = binding.read(request("application/json", EVENT));
        assertThat(parsed.get(0).rejection().message()).contains("application/cloudevents+json").contains("ce-specversion");
    }
}
