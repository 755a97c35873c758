package io.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.SwitchboardApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every end-to-end test: the real service (one Spring context for all of them) consuming from a real
 * Kafka broker and writing through the real Camel Salesforce component to the emulated org.
 */
@SpringBootTest(classes = SwitchboardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
// metrics exported as the service exports them (Spring Boot's tests turn exporters off by default)
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability(tracing = false)
public abstract class EndToEndTest {

    protected static final TestBed bed = TestBed.get();
    protected static final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        bed.register(registry);
    }

    /** A fresh id, so tests sharing one org and one broker never see each other's data. */
    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static byte[] toJson(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static Map<String, Object> event(String id, String type, Map<String, Object> data) {
        return Map.of("specversion", "1.0", "id", id, "source", "test-phone-system", "type", type,
                "time", "2026-11-20T15:04:05Z", "subject", "call-" + id, "data", data);
    }

    protected long publish(String topic, String key, Map<String, Object> event) {
        return bed.publish(topic, key, toJson(event));
    }

    /** The outcome record of an event, once published. */
    protected JsonNode awaitOutcome(String eventId) {
        ConsumerRecord<String, byte[]> record = bed.topics().await(TestBed.OUTCOMES,
                r -> eventId.equals(read(r.value()).path("eventId").asText()));
        return read(record.value());
    }

    protected List<JsonNode> outcomesOf(String eventId) {
        return bed.topics().all(TestBed.OUTCOMES, r -> eventId.equals(read(r.value()).path("eventId").asText()))
                .stream().map(r -> read(r.value())).toList();
    }

    protected List<Map<String, Object>> query(String soql) {
        return bed.salesforce().org().query(soql);
    }

    protected static JsonNode read(byte[] value) {
        try {
            return json.readTree(value);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
