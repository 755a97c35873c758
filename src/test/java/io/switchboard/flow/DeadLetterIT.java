package io.switchboard.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import io.switchboard.testing.TopicWatcher;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** What cannot be delivered lands on the dead-letter topic unchanged, with its reason, and the next event goes on. */
class DeadLetterIT extends EndToEndTest {

    @Test
    void malformedJsonIsDeadLetteredUnchangedAndTheNextEventIsDelivered() {
        String key = unique("broken");
        byte[] broken = ("{\"specversion\":\"1.0\",\"id\":\"" + key + "\", this is not json")
                .getBytes(StandardCharsets.UTF_8);
        long offset = bed.publish(TestBed.CALLS, key, broken);
        String nextId = unique("evt");
        publish(TestBed.CALLS, key, event(nextId, "call.inbound",
                Map.of("person", Map.of("email", unique("next") + "@example.com"))));

        ConsumerRecord<String, byte[]> dead = bed.topics().await(TestBed.DLQ, r -> key.equals(r.key()));
        assertThat(dead.value()).isEqualTo(broken);
        Map<String, String> headers = TopicWatcher.headers(dead);
        assertThat(headers).containsEntry("switchboard.error.code", "UNPARSEABLE_JSON")
                .containsEntry("switchboard.error.step", "parse")
                .containsEntry("switchboard.original.topic", TestBed.CALLS)
                .containsEntry("switchboard.original.offset", String.valueOf(offset))
                .containsKeys("switchboard.original.partition", "switchboard.failed.at", "switchboard.attempts");
        assertThat(headers.get("switchboard.error.message")).contains("not valid JSON");

        JsonNode outcome = read(bed.topics().await(TestBed.OUTCOMES,
                r -> key.equals(r.key()) && read(r.value()).path("eventId").isMissingNode()).value());
        assertThat(outcome.path("decision").asText()).isEqualTo("dead-lettered");
        assertThat(outcome.path("errors").get(0).path("code").asText()).isEqualTo("UNPARSEABLE_JSON");
        assertThat(outcome.path("origin").path("offset").asLong()).isEqualTo(offset);

        assertThat(awaitOutcome(nextId).path("decision").asText()).isEqualTo("delivered");
    }

    @Test
    void eventBreakingTheContractIsDeadLetteredWithTheViolation() {
        String id = unique("evt");
        Map<String, Object> noType = Map.of("specversion", "1.0", "id", id, "source", "x",
                "time", "2026-11-20T15:04:05Z", "data", Map.of());
        publish(TestBed.CALLS, id, noType);

        ConsumerRecord<String, byte[]> dead = bed.topics().await(TestBed.DLQ, r -> id.equals(r.key()));
        Map<String, String> headers = TopicWatcher.headers(dead);
        assertThat(headers).containsEntry("switchboard.error.code", "SCHEMA_VIOLATION");
        assertThat(headers.get("switchboard.error.message")).contains("type");
    }

    @Test
    void unknownTypeIsDeadLetteredAsConfigured() {
        String id = unique("evt");
        publish(TestBed.CALLS, id, event(id, "fax.inbound", Map.of()));

        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("decision").asText()).isEqualTo("dead-lettered");
        assertThat(outcome.path("errors").get(0).path("code").asText()).isEqualTo("UNKNOWN_TYPE");
        ConsumerRecord<String, byte[]> dead = bed.topics().await(TestBed.DLQ, r -> id.equals(r.key()));
        assertThat(TopicWatcher.headers(dead)).containsEntry("switchboard.event.id", id)
                .containsEntry("switchboard.error.code", "UNKNOWN_TYPE");
    }

    @Test
    void recordSalesforceRejectsIsDeadLetteredWithItsCodeAndTheNextGoesOn() {
        String id = unique("evt");
        publish(TestBed.CALLS, id, event(id, "test.no-truncate", Map.of(
                "person", Map.of("lastName", "Broken", "email", unique("long") + "@example.com", "title", "T".repeat(200)))));
        String nextId = unique("evt");
        publish(TestBed.CALLS, id, event(nextId, "call.inbound",
                Map.of("person", Map.of("email", unique("fine") + "@example.com"))));

        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("decision").asText()).isEqualTo("dead-lettered");
        assertThat(outcome.path("errors").get(0).path("code").asText()).isEqualTo("STRING_TOO_LONG");
        assertThat(outcome.path("errors").get(0).path("step").asText()).isEqualTo("delivery: create Lead");
        ConsumerRecord<String, byte[]> dead = bed.topics().await(TestBed.DLQ, r -> id.equals(r.key())
                && id.equals(TopicWatcher.headers(r).get("switchboard.event.id")));
        assertThat(TopicWatcher.headers(dead)).containsEntry("switchboard.error.code", "STRING_TOO_LONG");
        assertThat(read(dead.value()).path("id").asText()).isEqualTo(id);

        assertThat(awaitOutcome(nextId).path("decision").asText()).isEqualTo("delivered");
    }
}
