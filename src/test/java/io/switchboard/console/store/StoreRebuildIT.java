package io.switchboard.console.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.console.ServiceTopics;
import io.switchboard.testing.TestBed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The store on disk (the embedded H2 store, as local mode keeps it) keeps rows keyed by topic, partition and offset.
 * Pointed at another broker (local mode started again) or at a topic deleted and made again, the same positions
 * come with other records: the store must see it (cluster and topic ids), rebuild itself from the topics, say so,
 * and show the new records.
 */
class StoreRebuildIT {

    private static final TestBed bed = TestBed.get();

    @Test
    void aTopicMadeAgainIsReadAgainFromTheStart() throws Exception {
        String prefix = "rebuild-" + UUID.randomUUID().toString().substring(0, 6);
        ServiceTopics topics = new ServiceTopics(prefix + "-group", prefix + ".calls",
                prefix + ".outcomes", prefix + ".dlq");
        Path folder = Files.createTempDirectory("store-rebuild-");
        try (Admin admin = admin(bed.bootstrapServers())) {
            // one partition: the new topic's records take exactly the old ones' positions
            create(admin, topics);
            List<String> before = publish(bed.bootstrapServers(), topics.outcomes(), 3);
            try (StoreInstance store = new StoreInstance("rebuild", folder, "", "", "", topics, bed.bootstrapServers()).start()) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> store.syncLog().containsAll(before));
                assertThat(store.source.lastRebuild()).isEmpty();
            }
            admin.deleteTopics(List.of(topics.outcomes())).all().get();
            Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                admin.createTopics(List.of(new NewTopic(topics.outcomes(), 1, (short) 1))).all().get();
                return true;
            });
            List<String> after = publish(bed.bootstrapServers(), topics.outcomes(), 2);
            try (StoreInstance store = new StoreInstance("rebuild", folder, "", "", "", topics, bed.bootstrapServers()).start()) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> store.syncLog().containsAll(after));
                assertThat(store.syncLog()).containsExactlyInAnyOrderElementsOf(after);
                assertThat(store.source.lastRebuild()).hasValueSatisfying(r -> assertThat(r.reason())
                        .contains("the topic " + topics.outcomes() + " was made again"));
                // and it goes on: records published now are shown too
                List<String> later = publish(bed.bootstrapServers(), topics.outcomes(), 2);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> store.syncLog().containsAll(later));
            }
        }
    }

    @Test
    void anotherBrokerBehindTheSameSettingRebuildsTheStore() throws Exception {
        String prefix = "rebuild-cluster-" + UUID.randomUUID().toString().substring(0, 6);
        Path folder = Files.createTempDirectory("store-rebuild-");
        String outcomes = prefix + ".outcomes";
        List<String> first = List.of();
        // as local mode does: a broker of its own each run, the store on disk kept
        for (int run = 1; run <= 2; run++) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.afterPropertiesSet();
            try (Admin admin = admin(broker.getBrokersAsString())) {
                ServiceTopics topics = new ServiceTopics(prefix + "-group",
                        prefix + ".calls", outcomes, prefix + ".dlq");
                create(admin, topics);
                List<String> ids = publish(broker.getBrokersAsString(), outcomes, 3);
                try (StoreInstance store = new StoreInstance("local", folder, "", "", "", topics, broker.getBrokersAsString()).start()) {
                    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> store.syncLog().containsAll(ids));
                    if (run == 1) {
                        first = ids;
                        assertThat(store.source.lastRebuild()).isEmpty();
                    } else {
                        assertThat(store.syncLog()).containsExactlyInAnyOrderElementsOf(ids).doesNotContainAnyElementsOf(first);
                        assertThat(store.source.lastRebuild()).hasValueSatisfying(r -> assertThat(r.reason())
                                .contains("the Kafka cluster is another one"));
                    }
                }
            } finally {
                broker.destroy();
            }
        }
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static void create(Admin admin, ServiceTopics topics) throws Exception {
        admin.createTopics(topics.all().stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get();
    }

    private static List<String> publish(String bootstrap, String topic, int count) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        List<String> ids = new java.util.ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < count; i++) {
                String id = "rebuild-" + UUID.randomUUID();
                ids.add(id);
                producer.send(new ProducerRecord<>(topic, id, SharedStoreIT.outcome(id))).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
        return ids;
    }
}
