package io.switchboard.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import io.switchboard.testing.TopicWatcher;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * CloudEvents binary mode on Kafka, as a producer using the CloudEvents SDK publishes it (the SDK's own serializer:
 * attributes in ce_* headers, the data in the value): delivered like a structured event, and held to the contract.
 */
class BinaryModeIT extends EndToEndTest {

    private static ProducerRecord<String, byte[]> binary(String key, CloudEvent event) {
        RecordHeaders headers = new RecordHeaders();
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, "BINARY"), false);
            byte[] value = serializer.serialize(TestBed.CALLS, headers, event);
            return new ProducerRecord<>(TestBed.CALLS, null, key, value, headers);
        }
    }

    private static CloudEventBuilder call(String id, String data) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create("sdk-phone-system")).withType("call.inbound")
                .withTime(OffsetDateTime.parse("2026-11-20T15:04:05Z")).withSubject("call-" + id)
                .withDataContentType("application/json").withData(data.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBinaryModeEventIsDeliveredAsATask() {
        String id = unique("bin");
        String email = unique("binary") + "@example.com";
        bed.publish(binary(email, call(id, "{\"person\":{\"email\":\"" + email + "\",\"lastName\":\"Binary\"},"
                + "\"call\":{\"direction\":\"inbound\",\"durationSeconds\":42}}").build()));

        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("decision").asText()).isEqualTo("delivered");
        List<Map<String, Object>> leads = query("SELECT Id FROM Lead WHERE Email = '" + email + "'");
        assertThat(leads).hasSize(1);
        List<Map<String, Object>> tasks = query("SELECT CallDurationInSeconds, CallType FROM Task WHERE WhoId = '"
                + leads.get(0).get("Id") + "'");
        assertThat(tasks).singleElement().satisfies(task -> {
            assertThat(((Number) task.get("CallDurationInSeconds")).intValue()).isEqualTo(42);
            assertThat(task).containsEntry("CallType", "Inbound");
        });
    }

    @Test
    void binaryDataGivingAMemberTwiceIsDeadLetteredWithItsHeadersKept() {
        String id = unique("bin");
        String key = unique("twice");
        bed.publish(binary(key, call(id, "{\"person\":{\"email\":\"a@example.com\",\"email\":\"b@example.com\"}}")
                .build()));

        ConsumerRecord<String, byte[]> dead = bed.topics().await(TestBed.DLQ, r -> key.equals(r.key()));
        Map<String, String> headers = TopicWatcher.headers(dead);
        assertThat(headers).containsEntry("switchboard.error.code", "UNPARSEABLE_JSON").containsEntry("ce_id", id);
        assertThat(headers.get("switchboard.error.message")).contains("event's data");
    }

    @Test
    void aBinaryModeEventBreakingTheSchemaIsDeadLettered() {
        String id = unique("bin");
        String key = unique("schema");
        bed.publish(binary(key, call(id, "{\"call\":{\"durationSeconds\":-3}}").withType("").build()));

        ConsumerRecord<String, byte[]> dead = bed.topics().await(TestBed.DLQ, r -> key.equals(r.key()));
        assertThat(TopicWatcher.headers(dead)).containsEntry("switchboard.error.code", "SCHEMA_VIOLATION");
        assertThat(TopicWatcher.headers(dead).get("switchboard.error.message")).contains("durationSeconds");
    }
}
