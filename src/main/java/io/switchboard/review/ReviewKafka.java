package io.switchboard.review;

import io.switchboard.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The review queue's Kafka clients: one producer (acks from all in-sync replicas, idempotent) for the queue, the
 * audit trail and the republished events, each send awaited; the queue's topics created as they must be (the
 * queue compacted: only each interaction's latest state is kept, and a tombstone removes it); consumers for the
 * view each instance keeps.
 */
@Component
class ReviewKafka implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReviewKafka.class);
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final KafkaClients clients;
    private final ReviewProperties properties;
    private final KafkaProducer<String, byte[]> producer;
    private volatile boolean topicsReady;

    ReviewKafka(KafkaClients clients, ReviewProperties properties) {
        this.clients = clients;
        this.properties = properties;
        this.producer = clients.producer("switchboard-review-" + UUID.randomUUID().toString().substring(0, 8),
                new StringSerializer(), new ByteArraySerializer(), Map.of(ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** A record to send: {@code value} null is a tombstone; headers are text. */
    record Out(String topic, String key, byte[] value, Map<String, String> headers) {
        Out(String topic, String key, byte[] value) {
            this(topic, key, value, Map.of());
        }
    }

    /** Sends all, then waits for each; any failure is a {@link KafkaException} (the pipeline pauses on it). */
    void sendAll(List<Out> records) {
        if (records.isEmpty()) {
            return;
        }
        ensureTopics();
        List<Future<?>> sent = new ArrayList<>(records.size());
        for (Out r : records) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(r.topic(), r.key(), r.value());
            r.headers().forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            sent.add(producer.send(record));
        }
        for (Future<?> f : sent) {
            try {
                f.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while writing the review queue", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new KafkaException("could not write to Kafka: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Creates the queue's topics when missing: the queue compacted, the audit trail by time. A queue topic that a
     * broker created by itself (auto-create, not compacted) still works, with tombstones kept until retention; the
     * start-up log says so.
     */
    void ensureTopics() {
        if (topicsReady) {
            return;
        }
        try (Admin admin = clients.admin("switchboard-review-admin", Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            if (!existing.contains(properties.topic())) {
                missing.add(new NewTopic(properties.topic(), java.util.Optional.empty(), java.util.Optional.empty())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            if (!existing.contains(properties.auditTopic())) {
                missing.add(new NewTopic(properties.auditTopic(), java.util.Optional.empty(), java.util.Optional.empty()));
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(15, TimeUnit.SECONDS);
                    log.info("Created the review queue's topics {}", missing.stream().map(NewTopic::name).toList());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            topicsReady = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating the review queue's topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("could not create the review queue's topics: " + e.getMessage(), e);
        }
    }

    /** A consumer that belongs to no group: each instance reads the whole queue for its own view. */
    KafkaConsumer<String, byte[]> viewConsumer() {
        return clients.consumer("switchboard-review-view-" + UUID.randomUUID().toString().substring(0, 8),
                new StringDeserializer(), new ByteArrayDeserializer(), Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }

    @Override
    public void destroy() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
