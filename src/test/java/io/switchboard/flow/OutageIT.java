package io.switchboard.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Salesforce unavailable: the event waits and is delivered once, never dead-lettered; offsets follow delivery. */
class OutageIT extends EndToEndTest {

    @AfterEach
    void healSalesforce() {
        bed.salesforce().faults().clear();
    }

    @Test
    void serverUnavailableIsRetriedAndTheEventDeliveredOnce() {
        String id = unique("evt");
        String email = unique("patient") + "@example.com";
        bed.salesforce().faults().failNext(3, "SERVER_UNAVAILABLE");
        publish(TestBed.CALLS, email, event(id, "call.inbound", Map.of("person", Map.of("email", email))));

        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("decision").asText()).isEqualTo("delivered");
        assertThat(outcomesOf(id)).hasSize(1);
        List<Map<String, Object>> leads = query("SELECT Id FROM Lead WHERE Email = '" + email + "'");
        assertThat(leads).hasSize(1);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + leads.get(0).get("Id") + "'")).hasSize(1);
        assertThat(bed.topics().all(TestBed.DLQ, r -> email.equals(r.key()))).isEmpty();
    }

    @Test
    void theOffsetIsCommittedOnceTheOutcomeIsWritten() throws Exception {
        String id = unique("evt");
        String key = unique("committed");
        long offset = publish(TestBed.CALLS, key, event(id, "call.inbound",
                Map.of("person", Map.of("email", key + "@example.com"))));
        awaitOutcome(id);
        int partition = bed.topics().all(TestBed.OUTCOMES, r -> key.equals(r.key())).stream()
                .map(r -> read(r.value()).path("origin").path("partition").asInt()).findFirst().orElseThrow();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bed.bootstrapServers()))) {
            TopicPartition tp = new TopicPartition(TestBed.CALLS, partition);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets("switchboard-test").partitionsToOffsetAndMetadata().get();
                return committed.get(tp) != null && committed.get(tp).offset() > offset;
            });
        }
    }
}
