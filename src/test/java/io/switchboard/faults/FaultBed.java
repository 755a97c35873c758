package io.switchboard.faults;

import io.switchboard.emulator.EmulatorSettings;
import io.switchboard.emulator.SalesforceEmulator;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The world outside the service, in the test JVM: one real KRaft broker and one emulated org, shared by the
 * scenarios of one test class; the service itself runs in JVMs of its own ({@link ServiceProcess}).
 */
final class FaultBed implements AutoCloseable {

    /** One deployment's topics and consumer group. */
    record Topics(String calls, String web, String outcomes, String dlq, String group) {

        List<String> inputs() {
            return List.of(calls, web);
        }
    }

    /** A planned record as the broker stored it. */
    record Sent(Traffic.Planned planned, String topic, int partition, long offset) {
    }

    private final String signingKey = io.switchboard.signing.SigningProperties.randomKey();
    private final EmbeddedKafkaKraftBroker kafka;
    private final SalesforceEmulator salesforce;
    private final EmulatorSettings settings;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final Path rules;
    private final Path logDir;

    FaultBed() {
        kafka = new EmbeddedKafkaKraftBroker(1, 3);
        kafka.brokerProperty("group.initial.rebalance.delay.ms", "0");
        kafka.afterPropertiesSet();
        settings = EmulatorSettings.defaults().withPort(0)
                .withExtraSchema(Path.of("src/test/resources/emulator/switchboard-org.yaml"));
        salesforce = SalesforceEmulator.start(settings);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString()));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props);
        // a fixed copy, so that an edit of the live file while the suite runs cannot reach the service
        rules = io.switchboard.testing.TestRules.writeCopy();
        logDir = buildDir().resolve("fault-suite").resolve(Instant.now().toString().replace(':', '-'));
    }

    String bootstrapServers() {
        return kafka.getBrokersAsString();
    }

    SalesforceEmulator salesforce() {
        return salesforce;
    }

    Admin admin() {
        return admin;
    }

    Path logDir() {
        return logDir;
    }

    /** Fresh topics (three partitions each) and a fresh group name, so deployments never see each other's records. */
    Topics newTopics(String name) {
        String prefix = name + "-" + UUID.randomUUID().toString().substring(0, 6);
        Topics topics = new Topics(prefix + ".calls", prefix + ".web", prefix + ".outcomes", prefix + ".dlq",
                prefix + "-group");
        try {
            admin.createTopics(List.of(topics.calls(), topics.web(), topics.outcomes(), topics.dlq()).stream()
                    .map(t -> new NewTopic(t, 3, (short) 1)).toList()).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the topics of " + prefix, e);
        }
        return topics;
    }

    /**
     * The service's settings for a deployment on these topics: the broker and the emulated org of this bed, the
     * fixed rules, and retry, pause and batch settings scaled down with the event counts (a user may set them so).
     */
    Map<String, String> serviceSettings(Topics topics) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("switchboard.kafka.bootstrap-servers", bootstrapServers());
        p.put("switchboard.kafka.group-id", topics.group());
        p.put("switchboard.topics.input", String.join(",", topics.inputs()));
        p.put("switchboard.topics.outcomes", topics.outcomes());
        p.put("switchboard.topics.dead-letter", topics.dlq());
        p.putAll(salesforce.serviceSettings());
        p.put("switchboard.rules.path", rules.toString());
        // the key of the service's own headers, the same for every instance of this deployment
        p.put("switchboard.signing.key", signingKey);
        // one consumer thread per instance, so that a second instance in the group gets partitions of its own
        p.put("switchboard.kafka.consumers", "1");
        p.put("switchboard.kafka.max-poll-records", "40");
        p.put("switchboard.kafka.batch-max-wait-ms", "200");
        p.put("switchboard.kafka.batch-latency-target", "300ms");
        p.put("switchboard.retry.attempts", "5");
        p.put("switchboard.retry.initial-delay-ms", "100");
        p.put("switchboard.retry.max-delay-ms", "500");
        p.put("switchboard.pause.initial", "1s");
        p.put("switchboard.pause.longest", "4s");
        p.put("switchboard.budget.probe-interval", "1s");
        // a killed instance's partitions move after the session timeout: 6 s (the broker's minimum) instead of 45 s
        p.put("camel.component.kafka.session-timeout-ms", "6000");
        p.put("camel.component.kafka.heartbeat-interval-ms", "1000");
        p.put("spring.main.banner-mode", "off");
        return p;
    }

    /** Publishes every planned record (acks=all) and returns where each landed, in publishing order. */
    List<Sent> publish(Traffic traffic) {
        return publish(traffic.records);
    }

    /** Publishes these records (acks=all) and returns where each landed, in publishing order. */
    List<Sent> publish(List<Traffic.Planned> records) {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (Traffic.Planned planned : records) {
            futures.add(producer.send(new ProducerRecord<>(planned.topic(), planned.key(), planned.value())));
        }
        producer.flush();
        List<Sent> sent = new ArrayList<>();
        for (int n = 0; n < futures.size(); n++) {
            try {
                RecordMetadata m = futures.get(n).get();
                sent.add(new Sent(records.get(n), m.topic(), m.partition(), m.offset()));
            } catch (Exception e) {
                throw new IllegalStateException("could not publish", e);
            }
        }
        return sent;
    }

    /** The group's committed offsets (the next record to read) per partition; absent: nothing committed. */
    Map<TopicPartition, Long> committed(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> out = new LinkedHashMap<>();
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    out.put(tp, o.offset());
                }
            });
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of " + group, e);
        }
    }

    /** Which partitions each member of the group (by client id: the instance's name) holds now. */
    Map<String, Set<TopicPartition>> assignments(String group) {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            Map<String, Set<TopicPartition>> out = new LinkedHashMap<>();
            for (MemberDescription member : description.members()) {
                out.merge(member.clientId(), Set.copyOf(member.assignment().topicPartitions()),
                        (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet()));
            }
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe group " + group, e);
        }
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
        salesforce.close();
        kafka.destroy();
    }

    /** target/ (or the -Dbuild.dir folder): where test-classes lives. */
    private static Path buildDir() {
        try {
            return Path.of(FaultBed.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            return Path.of("target");
        }
    }
}
