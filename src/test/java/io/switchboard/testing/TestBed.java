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
        registry.add("switchboard.kafka.bootstrap-servers", kafka::getBrokersAsString);
        registry.add("camel.component.salesforce.login-url", salesforce::baseUrl);
        registry.add("camel.component.salesforce.auth-type", () -> "USERNAME_PASSWORD");
        registry.add("camel.component.salesforce.client-id", settings::clientId);
        registry.add("camel.component.salesforce.client-secret", settings::clientSecret);
        registry.add("camel.component.salesforce.user-name", settings::username);
        registry.add("camel.component.salesforce.password", settings::password);
        // Test settings live here: config/application.yaml outranks any profile file on the classpath.
        registry.add("switchboard.kafka.group-id", () -> "switchboard-test");
        registry.add("switchboard.kafka.max-poll-records", () -> "20");
        registry.add("switchboard.retry.attempts", () -> "-1");
        registry.add("switchboard.kafka.batch-max-wait-ms", () -> "100");
        registry.add("switchboard.retry.initial-delay-ms", () -> "100");
        registry.add("switchboard.retry.max-delay-ms", () -> "500");
        registry.add("switchboard.management.password", () -> "test-operator-password");
        registry.add("switchboard.rules.path", rules::toString);
        registry.add("switchboard.rules.reload-interval", () -> "200ms");
        registry.add("switchboard.budget.probe-interval", () -> "1s");
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
