package io.switchboard.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A Kafka outage while a webhook request waits: the ingress's producer {@code edge} writes to a broker of its own
 * (the suite's shared broker cannot be stopped for one test), a real KRaft broker at a fixed port that this test
 * starts, stops and starts again. The shared Spring context is used as it is.
 */
class IngressKafkaOutageIT extends EndToEndTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    private EmbeddedKafkaKraftBroker broker;

    @AfterEach
    void stopTheBroker() {
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void aRequestWhileTheBrokerIsDownIs503InTimeAndTheSameRequestIsStoredOnceItIsBack() throws Exception {
        broker = start();
        String first = unique("edge-first");
        assertThat(post(first).statusCode()).isEqualTo(202);
        assertThat(idsOnTheTopic()).containsExactly(first);

        broker.destroy();
        broker = null;
        String id = unique("edge-outage");
        long began = System.nanoTime();
        HttpResponse<String> refused = post(id);
        Duration waited = Duration.ofNanos(System.nanoTime() - began);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).contains("30");
        assertThat(json.readTree(refused.body()).path("detail").asText()).contains("nothing was acknowledged");
        // switchboard.ingress.kafka-timeout-ms is 3 s in the tests: answered within it, and a little more
        assertThat(waited).isBetween(Duration.ofMillis(2_500), Duration.ofMillis(4_500));

        broker = start();
        HttpResponse<String> accepted = post(id);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(json.readTree(accepted.body()).path("accepted").get(0).asText()).isEqualTo(id);
        // the broker that came back is a new one: its topic holds what was stored since, the event once
        assertThat(idsOnTheTopic()).containsExactly(id);
    }

    private EmbeddedKafkaKraftBroker start() {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1, TestBed.INGRESS_EDGE_TOPIC);
        // at the port the producer's settings name (kafkaPorts does not reach a KRaft node's listener)
        kafka.brokerProperty("listeners", "EXTERNAL://localhost:" + bed.ingressEdgePort() + ",CONTROLLER://localhost:0");
        kafka.afterPropertiesSet();
        return kafka;
    }

    private HttpResponse<String> post(String id) throws Exception {
        byte[] body = toJson(event(id, "call.inbound", Map.of("person", Map.of("email", id + "@example.com"))));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ingress/edge"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/cloudevents+json")
                .header("Authorization", "Bearer " + TestBed.INGRESS_SECRET)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The event ids of every record on the edge topic, read to its end. */
    private List<String> idsOnTheTopic() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + bed.ingressEdgePort());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(TestBed.INGRESS_EDGE_TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode value = read(r.value());
                    ids.add(value.path("id").asText());
                }
            }
        }
        return ids;
    }
}
