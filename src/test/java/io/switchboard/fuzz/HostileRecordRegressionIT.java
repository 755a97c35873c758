package io.switchboard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.salesforce.ApiUsage;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The four records of issue 11 that stop their partitions or are silently half-read, and the non-ASCII email,
 * each followed by a good event of the same person key (so on the same partition): the record must end in its
 * own outcome within {@link #DEADLINE}, the way the issue says, and the good event behind it must be delivered.
 * Ordered so that the ones that only misjudge a record run before the ones that stall the consumer on today's
 * code (a stalled consumer fails every later test of the JVM).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileRecordRegressionIT extends EndToEndTest {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    /** A dead letter's reason and headers stay small (issue 11: "bounded, e.g. a few KB"). */
    static final int MAX_DEAD_LETTER_HEADER_BYTES = 16_384;

    private final Random random = new Random(11L);
    private final Fates fates = Fates.watching(bed.bootstrapServers(), TestBed.OUTCOMES, TestBed.DLQ);
    private final Records records = Records.to(bed.bootstrapServers());

    @Autowired
    ApiUsage apiUsage;

    @Test
    @Order(1)
    void emailWithANonAsciiLocalPartIsIgnoredWithANoteNotDeadLettered() {
        String tag = unique("fzna");
        String email = "jörg.ñandú." + tag + "@example.com";
        String phone = uniquePhone();
        Map<String, Object> event = event(tag, "call.inbound", Map.of(
                "person", Map.of("email", email, "phone", phone, "lastName", "Nonascii " + tag),
                "call", Map.of("durationSeconds", 30)));

        String origin = publish(tag, toJson(event));
        JsonNode outcome = awaitFate(origin);
        assertThat(outcome.path("decision").asText()).as("outcome %s", outcome).isEqualTo("delivered");
        assertThat(outcome.path("notes").toString()).as("the outcome's notes").contains("ignored")
                .contains("person.email");
        List<Map<String, Object>> leads = query("SELECT Id, Email FROM Lead WHERE LastName = 'Nonascii " + tag + "'");
        assertThat(leads).singleElement().satisfies(lead -> assertThat(lead.get("Email")).isNull());
        assertThat(fates.deadLetters(origin)).isEmpty();
    }

    @Test
    @Order(2)
    void trailingGarbageAfterTheObjectIsDeadLetteredAsUnparseable() {
        String tag = unique("fztg");
        String email = tag + "@example.com";
        byte[] value = (new String(toJson(event(tag, "call.inbound", Map.of("person", Map.of("email", email)))),
                StandardCharsets.UTF_8) + "}garbage").getBytes(StandardCharsets.UTF_8);

        String origin = publish(email, value);
        JsonNode outcome = awaitFate(origin);
        assertUnparseableAndNothingWritten(origin, outcome, value, List.of(email));
        assertNextEventOfTheKeyIsDelivered(email);
    }

    @Test
    @Order(3)
    void twoEventsConcatenatedInOneRecordAreDeadLetteredAsUnparseable() {
        String first = unique("fz2a");
        String second = unique("fz2b");
        String key = first + "@example.com";
        String text = new String(toJson(event(first, "call.inbound", Map.of("person", Map.of("email", key)))),
                StandardCharsets.UTF_8) + new String(toJson(event(second, "call.inbound",
                Map.of("person", Map.of("email", second + "@example.com")))), StandardCharsets.UTF_8);
        byte[] value = text.getBytes(StandardCharsets.UTF_8);

        String origin = publish(key, value);
        JsonNode outcome = awaitFate(origin);
        assertUnparseableAndNothingWritten(origin, outcome, value, List.of(key, second + "@example.com"));
        assertThat(outcomesOf(second)).as("outcomes naming the second event").isEmpty();
        assertNextEventOfTheKeyIsDelivered(key);
    }

    @Test
    @Order(4)
    void longAgentEmailEndsTheRecordWithoutAnyOutageOrStall() {
        String tag = unique("fzag");
        String email = tag + "@example.com";
        String agentEmail = "a".repeat(9_000) + "." + tag + "@example.com";
        long unavailableBefore = apiUsage.getUnavailableFailures();

        String origin = publish(email, toJson(event(tag, "call.inbound", Map.of(
                "person", Map.of("email", email, "lastName", "Agent " + tag),
                "agent", Map.of("email", agentEmail, "name", "Long Agent"),
                "call", Map.of("durationSeconds", 60)))));
        JsonNode outcome = awaitFate(origin);
        String decision = outcome.path("decision").asText();
        assertThat(decision).as("outcome %s", HostileRecordsFuzzIT.bounded(outcome.toString()))
                .isIn("delivered", "dead-lettered");
        if (decision.equals("dead-lettered")) {
            assertThat(outcome.path("errors").get(0).path("code").asText()).as("a reason naming what was wrong")
                    .isNotIn("INTERNAL_ERROR", "CONNECTION_FAILED");
        } else {
            assertThat(bed.salesforce().org().get("Task", outcome.path("activity").path("id").asText())).isNotNull();
        }
        assertThat(apiUsage.getUnavailableFailures()).as("requests taken for an unavailable Salesforce")
                .isEqualTo(unavailableBefore);
        assertNextEventOfTheKeyIsDelivered(email);
    }

    @Test
    @Order(5)
    void nineHundredKilobyteSourceIsDeadLetteredOnceWithABoundedReason() {
        String tag = unique("fzsrc");
        String email = tag + "@example.com";
        Map<String, Object> event = new LinkedHashMap<>(event(tag, "call.inbound", Map.of(
                "person", Map.of("email", email, "lastName", "Source " + tag))));
        event.put("source", "s".repeat(900_000) + tag);
        byte[] value = toJson(event);
        long requestsBefore = bed.salesforce().apiRequests();

        String origin = publish(email, value);
        JsonNode outcome = awaitFate(origin);
        assertThat(outcome.path("decision").asText()).as("outcome %s", HostileRecordsFuzzIT.bounded(outcome.toString()))
                .isEqualTo("dead-lettered");
        assertThat(outcome.path("errors").get(0).path("code").asText()).isNotEqualTo("INTERNAL_ERROR");
        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(origin);
        assertThat(dead.value()).as("the dead letter's value, unchanged").isEqualTo(value);
        assertThat(headerBytes(dead)).as("bytes of the dead letter's headers").isLessThanOrEqualTo(MAX_DEAD_LETTER_HEADER_BYTES);
        assertNextEventOfTheKeyIsDelivered(email);
        assertThat(fates.outcomes(origin)).as("outcomes of the record (a loop publishes more)").hasSize(1);
        assertThat(fates.deadLetters(origin)).as("dead letters of the record").hasSize(1);
        assertThat(bed.salesforce().apiRequests() - requestsBefore).as("Salesforce API requests for the record and "
                + "the good event after it").isLessThanOrEqualTo(20);
    }

    @Test
    @Order(6)
    void deeplyNestedValueIsDeadLetteredWithAReasonAndThePartitionGoesOn() {
        String tag = unique("fzdeep");
        String email = tag + "@example.com";
        String text = new String(toJson(event(tag, "call.inbound", Map.of("person", Map.of("email", email)))),
                StandardCharsets.UTF_8);
        String nested = "[".repeat(2_000) + "]".repeat(2_000);
        byte[] value = text.replace("\"data\":{", "\"data\":{\"fields\":{\"deep\":" + nested + "},")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(new String(value, StandardCharsets.UTF_8)).contains("[[[[");

        String origin = publish(email, value);
        JsonNode outcome = awaitFate(origin);
        assertThat(outcome.path("decision").asText()).isEqualTo("dead-lettered");
        JsonNode error = outcome.path("errors").get(0);
        assertThat(error.path("code").asText()).as("error %s", error).isNotEqualTo("INTERNAL_ERROR");
        assertThat(error.path("message").asText().toLowerCase(java.util.Locale.ROOT)).as("the reason")
                .containsAnyOf("nest", "deep");
        assertThat(awaitDeadLetter(origin).value()).isEqualTo(value);
        assertThat(query("SELECT Id FROM Lead WHERE Email = '" + email + "'")).isEmpty();
        assertNextEventOfTheKeyIsDelivered(email);
        assertThat(fates.outcomes(origin)).hasSize(1);
    }

    // ------------------------------------------------------------------ helpers

    private void assertUnparseableAndNothingWritten(String origin, JsonNode outcome, byte[] value, List<String> emails) {
        assertThat(outcome.path("decision").asText()).as("outcome %s", outcome).isEqualTo("dead-lettered");
        assertThat(outcome.path("errors").get(0).path("code").asText()).isEqualTo("UNPARSEABLE_JSON");
        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(origin);
        assertThat(dead.value()).isEqualTo(value);
        assertThat(Fates.header(dead, "switchboard.error.code")).isEqualTo("UNPARSEABLE_JSON");
        for (String email : emails) {
            assertThat(query("SELECT Id FROM Lead WHERE Email = '" + email + "'")).as("Leads of %s", email).isEmpty();
        }
    }

    private void assertNextEventOfTheKeyIsDelivered(String key) {
        String next = unique("fznext");
        String origin = publish(key, toJson(event(next, "call.inbound",
                Map.of("person", Map.of("email", next + "@example.com")))));
        assertThat(awaitFate(origin).path("decision").asText()).as("the next event of the key").isEqualTo("delivered");
    }

    private String publish(String key, byte[] value) {
        RecordMetadata md = records.send(TestBed.CALLS, null, key.getBytes(StandardCharsets.UTF_8), value);
        return Fates.origin(md.topic(), md.partition(), md.offset());
    }

    private JsonNode awaitFate(String origin) {
        return Awaitility.await("the outcome of " + origin).atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> fates.outcomes(origin), list -> !list.isEmpty()).get(0);
    }

    private ConsumerRecord<byte[], byte[]> awaitDeadLetter(String origin) {
        return Awaitility.await("the dead letter of " + origin).atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> fates.deadLetters(origin), list -> !list.isEmpty()).get(0);
    }

    private static int headerBytes(ConsumerRecord<byte[], byte[]> record) {
        int n = 0;
        for (var h : record.headers()) {
            n += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return n;
    }

    private String uniquePhone() {
        return "+61 4" + String.format("%02d %03d %03d", random.nextInt(100), random.nextInt(1000), random.nextInt(1000));
    }

}
