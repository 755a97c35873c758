package io.switchboard.changefeed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.switchboard.kafka.KafkaClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Writes the feed's records to its compacted topics, keyed by record id, and creates those topics (compacted) when
 * they are missing. A send is acknowledged by every in-sync replica and idempotent before the feed moves its
 * position on, so a crash can only repeat a record, never lose one; a repeat changes nothing in a compacted topic's
 * final state.
 */
@Component("feedTopics")
class FeedTopics implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(FeedTopics.class);

    private final ChangeFeedProperties properties;
    private final KafkaClients clients;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private volatile KafkaProducer<String, byte[]> producer;

    FeedTopics(ChangeFeedProperties properties, KafkaClients clients) {
        this.properties = properties;
        this.clients = clients;
    }

    /** Creates the record and state topics, compacted, where missing; warns about an existing one that is not. */
    void ensureTopics() {
        ChangeFeedProperties.Topics topics = properties.topics();
        try (Admin admin = clients.admin("switchboard-change-feed-admin", Map.of())) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : List.of(topics.people(), topics.accounts(), topics.state())) {
                if (!existing.contains(topic)) {
                    int partitions = topic.equals(topics.state()) ? 1 : properties.partitions();
                    missing.add(new NewTopic(topic, partitions, properties.replicationFactor())
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
                }
            }
            for (var created : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get();
                    LOG.info("Change feed: created the compacted topic {}", created.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            List<ConfigResource> resources = List.of(topics.people(), topics.accounts(), topics.state()).stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            for (Map.Entry<ConfigResource, Config> e : admin.describeConfigs(resources).all().get().entrySet()) {
                var policy = e.getValue().get(TopicConfig.CLEANUP_POLICY_CONFIG);
                if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                    LOG.warn("Change feed: the topic {} is not compacted (cleanup.policy={}); its records will age out"
                            + " instead of keeping each record's last state", e.getKey().name(), policy == null ? "?" : policy.value());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the change feed's topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not create the change feed's topics: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Sends the records and waits for every acknowledgement (the route's step; throws when Kafka refuses). */
    public void publish(List<Publication> publications) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(publications.size());
        for (Publication p : publications) {
            sent.add(producer().send(new ProducerRecord<>(p.topic(), p.key(), p.record() == null ? null : bytes(p.record()))));
        }
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new org.apache.kafka.common.KafkaException("Interrupted while publishing change feed records", e);
            } catch (ExecutionException e) {
                throw new org.apache.kafka.common.KafkaException("Could not publish change feed records: "
                        + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /** Sends one state record (the feed's position) and waits for it. */
    void putState(String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(properties.topics().state(), key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.KafkaException("Interrupted while storing the change feed's position", e);
        } catch (ExecutionException e) {
            throw new org.apache.kafka.common.KafkaException("Could not store the change feed's position: "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A change feed record could not be written as JSON", e);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = clients.producer("switchboard-change-feed", new StringSerializer(),
                            new ByteArraySerializer(), Map.of(ProducerConfig.ACKS_CONFIG, "all",
                                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5));
                }
                p = producer;
            }
        }
        return p;
    }

    @Override
    public void destroy() {
        KafkaProducer<String, byte[]> p = producer;
        if (p != null) {
            p.close(java.time.Duration.ofSeconds(5));
        }
    }
}
