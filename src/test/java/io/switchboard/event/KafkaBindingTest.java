package io.switchboard.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CloudEvents Kafka binding: binary mode as the SDK writes it, held to the contract as strictly as structured. */
class KafkaBindingTest {

    private final KafkaBinding binding = new KafkaBinding(new EventParser(new ObjectMapper()));

    private static Headers binaryHeaders() {
        Headers headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes("bin-1"));
        headers.add("ce_source", bytes("pbx"));
        headers.add("ce_type", bytes("call.inbound"));
        headers.add("ce_time", bytes("2026-11-20T15:04:05.250Z"));
        headers.add("ce_subject", bytes("call-9"));
        headers.add("ce_partitionkey", bytes("dana@example.com"));
        headers.add("content-type", bytes("application/json"));
        return headers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void binaryModeAsTheSdkSerializerWritesItIsAnEvent() {
        var event = CloudEventBuilder.v1().withId("sdk-1").withSource(URI.create("pbx")).withType("call.missed")
                .withTime(OffsetDateTime.parse("2026-11-20T15:04:05Z")).withSubject("call-1")
                .withDataContentType("application/json")
                .withData(bytes("{\"person\":{\"email\":\"dana@example.com\"}}")).build();
        Headers headers = new RecordHeaders();
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, "BINARY"), false);
            byte[] value = serializer.serialize("interactions.calls", headers, event);
            var parsed = binding.read(headers, value);
            assertThat(parsed.rejection()).isNull();
            assertThat(parsed.event().id()).isEqualTo("sdk-1");
            assertThat(parsed.event().type()).isEqualTo("call.missed");
            assertThat(parsed.event().subject()).isEqualTo("call-1");
            assertThat(parsed.event().node("person.email").asText()).isEqualTo("dana@example.com");
        }
    }

    @Test
    void binaryModeKeepsTheAttributesAndFractionsOfASecond() {
        var parsed = binding.read(binaryHeaders(), bytes("{\"call\":{\"durationSeconds\":12}}"));
        assertThat(parsed.rejection()).isNull();
        assertThat(parsed.event().source()).isEqualTo("pbx");
        assertThat(parsed.event().time()).isEqualTo(OffsetDateTime.parse("2026-11-20T15:04:05.250Z"));
        assertThat(parsed.event().node("call.durationSeconds").asInt()).isEqualTo(12);
    }

    @Test
    void structuredModeWithItsContentTypeIsReadAsBefore() {
        Headers headers = new RecordHeaders();
        headers.add("content-type", bytes("application/cloudevents+json; charset=utf-8"));
        var parsed = binding.read(headers, bytes("{\"specversion\":\"1.0\",\"id\":\"s1\",\"source\":\"s\","
                + "\"type\":\"call.inbound\",\"time\":\"2026-11-20T15:04:05Z\",\"data\":{}}"));
        assertThat(parsed.rejection()).isNull();
        assertThat(parsed.event().id()).isEqualTo("s1");
    }

    @Test
    void aStructuredValueIsStillHeldToOneMemberOnce() {
        Headers headers = new RecordHeaders();
        headers.add("content-type", bytes("application/cloudevents+json"));
        var parsed = binding.read(headers, bytes("{\"specversion\":\"1.0\",\"id\":\"s1\",\"id\":\"s2\",\"source\":\"s\","
                + "\"type\":\"call.inbound\",\"time\":\"2026-11-20T15:04:05Z\",\"data\":{}}"));
        assertThat(parsed.rejection().code()).isEqualTo("UNPARSEABLE_JSON");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"person\":{\"email\":\"a@b.co\",\"email\":\"c@d.co\"}}",
            "{\"call\":{}}}garbage",
            "[1]",
            "not json",
    })
    void binaryDataIsHeldToOneJsonObjectAsAStructuredValueIs(String data) {
        var parsed = binding.read(binaryHeaders(), bytes(data));
        assertThat(parsed.event()).isNull();
        assertThat(parsed.rejection().code()).isEqualTo("UNPARSEABLE_JSON");
        assertThat(parsed.rejection().message()).contains("event's data");
    }

    @Test
    void binaryDataInAnEncodedSurrogateIsNotUtf8() {
        byte[] cesu = {'{', '"', 'x', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
        assertThat(binding.read(binaryHeaders(), cesu).rejection().message()).contains("not UTF-8");
    }

    @Test
    void binaryDataTooDeepOrTooLargeIsRefusedWithTheSameCodes() {
        String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        assertThat(binding.read(binaryHeaders(), bytes(deep)).rejection().code()).isEqualTo("NESTING_TOO_DEEP");
        byte[] huge = new byte[EventParser.MAX_RECORD_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThat(binding.read(binaryHeaders(), huge).rejection().code()).isEqualTo("VALUE_TOO_LARGE");
    }

    @Test
    void binaryModeIsHeldToTheSchema() {
        Headers headers = binaryHeaders();
        headers.remove("ce_time");
        var parsed = binding.read(headers, bytes("{\"call\":{\"durationSeconds\":-1}}"));
        assertThat(parsed.rejection().code()).isEqualTo("SCHEMA_VIOLATION");
        assertThat(parsed.rejection().message()).contains("time").contains("durationSeconds");
    }

    @Test
    void anAttributeGivenTwiceIsRefused() {
        Headers headers = binaryHeaders();
        headers.add("ce_id", bytes("bin-2"));
        var parsed = binding.read(headers, bytes("{}"));
        assertThat(parsed.rejection().code()).isEqualTo("SCHEMA_VIOLATION");
        assertThat(parsed.rejection().message()).contains("ce_id twice");
    }

    @Test
    void anAttributeThatIsNotUtf8IsRefused() {
        Headers headers = binaryHeaders();
        headers.remove("ce_subject");
        headers.add("ce_subject", new byte[] {(byte) 0xC3, (byte) 0x28});
        assertThat(binding.read(headers, bytes("{}")).rejection().message()).contains("ce_subject").contains("UTF-8");
    }

    @Test
    void controlCharactersInABinaryAttributeBreakTheContract() {
        Headers headers = binaryHeaders();
        headers.remove("ce_id");
        headers.add("ce_id", bytes("bin\u0000-1"));
        assertThat(binding.read(headers, bytes("{}")).rejection().code()).isEqualTo("SCHEMA_VIOLATION");
    }

    @Test
    void dataThatIsNotJsonByItsContentTypeIsRefused() {
        Headers headers = binaryHeaders();
        headers.remove("content-type");
        headers.add("content-type", bytes("text/plain"));
        var parsed = binding.read(headers, bytes("{}"));
        assertThat(parsed.rejection().code()).isEqualTo("SCHEMA_VIOLATION");
        assertThat(parsed.rejection().message()).contains("text/plain");
    }

    @Test
    void anUnknownCloudEventsFormatIsRefused() {
        Headers headers = new RecordHeaders();
        headers.add("content-type", bytes("application/cloudevents+avro"));
        var parsed = binding.read(headers, bytes("{}"));
        assertThat(parsed.rejection().code()).isEqualTo("SCHEMA_VIOLATION");
        assertThat(parsed.rejection().message()).contains("application/cloudevents+json");
    }

    @Test
    void binaryHeadersWithoutRequiredAttributesSayWhatIsMissing() {
        Headers headers = binaryHeaders();
        headers.remove("ce_source");
        var parsed = binding.read(headers, bytes("{}"));
        assertThat(parsed.rejection().code()).isEqualTo("SCHEMA_VIOLATION");
    }

    @Test
    void aRecordWithOtherHeadersButNoCloudEventsMarkIsAStructuredValue() {
        Headers headers = new RecordHeaders();
        headers.add("traceparent", bytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        var parsed = binding.read(headers, bytes("{\"specversion\":\"1.0\",\"id\":\"s1\",\"source\":\"s\","
                + "\"type\":\"call.inbound\",\"time\":\"2026-11-20T15:04:05Z\",\"data\":{}}"));
        assertThat(parsed.rejection()).isNull();
        assertThat(binding.read(new RecordHeaders(), bytes("{broken")).rejection().code()).isEqualTo("UNPARSEABLE_JSON");
    }
}
