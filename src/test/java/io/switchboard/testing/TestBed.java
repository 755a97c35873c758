package io.switchboard.testing;

import io.switchboard.emulator.EmulatorSettings;
import io.switchboard.emulator.SalesforceEmulator;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real KRaft Kafka broker and one emulated Salesforce org for the whole test JVM, shared by every end-to-end
 * test (with one Spring context), so the suite stays fast on two cores. Tests keep apart by using their own
 * people (emails, phone numbers) and event ids.
 */
public final class TestBed {

    public static final String CALLS = "interactions.calls";
    public static final String CONVERSATIONS = "interactions.conversations";
    public static final String WEB = "interactions.web";
    public static final String OUTCOMES = "interactions.outcomes";
    public static final String DLQ = "interactions.dlq";

    private static final TestBed INSTANCE = new TestBed();

    private final EmbeddedKafkaKraftBroker kafka;
    private final SalesforceEmulator salesforce;
    private final EmulatorSettings settings;
    private final TopicWatcher watcher;
    private final KafkaProducer<String, byte[]> producer;
    private final Path rules;

    private TestBed() {
        kafka = new EmbeddedKafkaKraftBroker(1, 3, CALLS, CONVERSATIONS, WEB, OUTCOMES, DLQ);
        kafka.afterPropertiesSet();
        settings = EmulatorSettings.defaults().withPort(0)
                .withExtraSchema(Path.of("src/test/resources/emulator/switchboard-org.yaml"));
        salesforce = SalesforceEmulator.start(settings);
        rules = TestRules.writeCopy();
        watcher = new TopicWatcher(kafka.getBrokersAsString(), OUTCOMES, DLQ);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(props);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            producer.close();
            watcher.close();
            salesforce.close();
            kafka.destroy();
        }));
    }

    public static TestBed get() {
        return INSTANCE;
    }

    public void register(DynamicPropertyRegistry registry) {
        properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    /**
     * The service's settings against this test bed. Test settings live here: config/application.yaml outranks any
     * profile file on the classpath.
     */
    public java.util.Map<String, String> properties() {
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("switchboard.kafka.bootstrap-servers", kafka.getBrokersAsString());
        p.putAll(salesforce.serviceSettings());
        p.put("switchboard.kafka.group-id", "switchboard-test");
        p.put("switchboard.kafka.max-poll-records", "20");
        // One consumer thread per instance, so that a second instance in the group gets partitions of its own.
        p.put("switchboard.kafka.consumers", "1");
        p.put("switchboard.retry.attempts", "2");
        p.put("switchboard.pause.initial", "500ms");
        p.put("switchboard.pause.longest", "2s");
        p.put("switchboard.kafka.batch-max-wait-ms", "100");
        // tests check behaviour, not economy: a short latency budget keeps them quick
        p.put("switchboard.kafka.batch-latency-target", "200ms");
        p.put("switchboard.retry.initial-delay-ms", "100");
        p.put("switchboard.retry.max-delay-ms", "500");
        p.put("switchboard.management.password", "test-operator-password");
        p.put("switchboard.rules.path", rules.toString());
        p.put("switchboard.rules.reload-interval", "200ms");
        p.put("switchboard.budget.probe-interval", "1s");
        return p;
    }

    public String bootstrapServers() {
        return kafka.getBrokersAsString();
    }

    public SalesforceEmulator salesforce() {
        return salesforce;
    }

    /** The rules file the service runs with: config/rules.yaml plus the test types; tests may edit it. */
    public Path rules() {
        return rules;
    }

    public TopicWatcher topics() {
        return watcher;
    }

    /** Publishes one record and waits for the broker's acknowledgement. */
    public long publish(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get().offset();
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
    }
}
