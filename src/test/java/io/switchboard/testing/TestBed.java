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

    /** The secret of every test producer of the webhook ingress. */
    public static final String INGRESS_SECRET = "test-ingress-secret";
    public static final String INGRESS_OUTAGE_TOPIC = "ingress.outage";
    /** The topic of the ingress producer whose broker of its own a test stops and starts (IngressKafkaOutageIT). */
    public static final String INGRESS_EDGE_TOPIC = "ingress.edge";

    /** The shared test login, an admin: {@code operator} with this password. */
    public static final String OPERATOR_PASSWORD = "test-operator-password";
    /** A viewer's login: sees everything, changes nothing. */
    public static final String VIEWER = "viewer";
    public static final String VIEWER_PASSWORD = "test-viewer-password";
    /** An operator's login: replays, discards, decides reviews; no JMX operations. */
    public static final String ON_DUTY = "on-duty";
    public static final String ON_DUTY_PASSWORD = "test-on-duty-password";
    /** A viewer whose password the brute-force test (SecurityIT) guesses: no other test may use it. */
    public static final String GUESSED = "guessed";
    public static final String GUESSED_PASSWORD = "test-guessed-password";

    private static final TestBed INSTANCE = new TestBed();

    private final EmbeddedKafkaKraftBroker kafka;
    private final TestIdentityProvider identityProvider;
    private final SalesforceEmulator salesforce;
    private final EmulatorSettings settings;
    private final TopicWatcher watcher;
    private final KafkaProducer<String, byte[]> producer;
    private final Path rules;
    private final Path consoleStore;
    private final int ingressEdgePort = freePort();
    /** The key the service signs its own headers with: one per test run, shared by every instance a test starts. */
    private final String signingKey = io.switchboard.signing.SigningProperties.randomKey();

    private TestBed() {
        kafka = new EmbeddedKafkaKraftBroker(1, 3, CALLS, CONVERSATIONS, WEB, OUTCOMES, DLQ);
        kafka.afterPropertiesSet();
        settings = EmulatorSettings.defaults().withPort(0)
                .withExtraSchema(Path.of("src/test/resources/emulator/switchboard-org.yaml"));
        salesforce = SalesforceEmulator.start(settings);
        // an OpenID Connect provider at a port of its own, started by the test that logs in through it
        identityProvider = new TestIdentityProvider(freePort());
        rules = TestRules.writeCopy();
        consoleStore = temporaryDirectory("switchboard-console-");
        watcher = new TopicWatcher(kafka.getBrokersAsString(), OUTCOMES, DLQ);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(props);
        // Closed after the Spring contexts (Spring Boot runs its shutdown handlers once every context is closed): the
        // service stops while the broker and the org still answer. In a JVM shutdown hook of its own this raced the
        // service's shutdown; the change feed's Pub/Sub clients then waited 10 s each for their streams to end, and
        // the test JVM did not exit before the 30 s after which surefire kills it.
        org.springframework.boot.SpringApplication.getShutdownHandlers().add(() -> {
            producer.close();
            watcher.close();
            salesforce.close();
            identityProvider.close();
            kafka.destroy();
        });
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
        // the same while the API budget is past slow-down-at (ApiBudgetIT takes it there): the consumer keeps the
        // gathering time of a slowed target (5 s by default) after the budget is back to NORMAL, and every later
        // test's event would wait that long
        p.put("switchboard.kafka.batch-latency-target-when-slowed", "200ms");
        p.put("switchboard.retry.initial-delay-ms", "100");
        p.put("switchboard.retry.max-delay-ms", "500");
        p.put("switchboard.signing.key", signingKey);
        // the shared test login (an admin, so tests may run JMX operations) and one person of each lesser role;
        // bcrypt at its lowest cost, so that a test's many HTTP Basic requests stay cheap
        operator(p, "operator", OPERATOR_PASSWORD, "admin");
        operator(p, VIEWER, VIEWER_PASSWORD, "viewer");
        operator(p, ON_DUTY, ON_DUTY_PASSWORD, "operator");
        // the brute-force test guesses its password, so no other test uses it
        operator(p, GUESSED, GUESSED_PASSWORD, "viewer");
        // people from the test's OpenID Connect provider (OidcLoginIT); the provider's own auto-configuration is
        // on the test classpath, and stays out of the service
        p.putAll(identityProvider.serviceSettings());
        p.put("spring.autoconfigure.exclude", "org.springframework.boot.autoconfigure.security.oauth2.server.servlet."
                + "OAuth2AuthorizationServerAutoConfiguration,org.springframework.boot.autoconfigure.security.oauth2."
                + "server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration");
        p.put("switchboard.rules.path", rules.toString());
        p.put("switchboard.rules.reload-interval", "200ms");
        p.put("switchboard.budget.probe-interval", "1s");
        p.put("switchboard.metrics.lag-interval", "1s");
        // the change feed runs against the emulated org's Pub/Sub API (ChangeFeedIT); small pages, so that a
        // snapshot of a few hundred records has several
        p.put("switchboard.change-feed.enabled", "true");
        p.put("switchboard.change-feed.snapshot-page-size", "200");
        // the once-per-service parts (change feed, timed re-match) move soon from an instance killed (the broker's least)
        p.put("switchboard.coordination.session-timeout", "6s");
        // an object whose stored position Salesforce refuses (ChangeFeedIT) subscribes again soon
        p.put("switchboard.change-feed.resubscribe-delay", "500ms");
        // the console's store: one file database per instance (named by the application name) in this JVM's folder
        p.put("switchboard.console.directory", consoleStore.toString());
        // held interactions are matched again only when a test asks (ReviewQueueIT), so no test's request count
        // meets a re-match in the background
        p.put("switchboard.review.rematch-interval", "0s");
        p.put("switchboard.review.rematch-on-change", "0s");
        // the webhook ingress's producers (config/application.yaml names them; the secrets come from here)
        p.put("switchboard.ingress.producers.aircall.secret", INGRESS_SECRET);
        p.put("switchboard.ingress.producers.twilio.secret", INGRESS_SECRET);
        p.put("switchboard.ingress.producers.twilio.public-url", "https://switchboard.example.com/ingress/twilio");
        p.put("switchboard.ingress.producers.intercom.secret", INGRESS_SECRET);
        p.put("switchboard.ingress.producers.events.secret", INGRESS_SECRET);
        p.put("switchboard.ingress.producers.signed.auth", "hmac-sha256");
        p.put("switchboard.ingress.producers.signed.secret", INGRESS_SECRET);
        // a producer whose topic the ingress test makes refuse every record (max.message.bytes)
        p.put("switchboard.ingress.producers.outage.secret", INGRESS_SECRET);
        p.put("switchboard.ingress.producers.outage.topic", INGRESS_OUTAGE_TOPIC);
        // a producer whose topic is on a broker of its own, at a fixed port, which its test starts and stops
        p.put("switchboard.ingress.producers.edge.secret", INGRESS_SECRET);
        p.put("switchboard.ingress.producers.edge.topic", INGRESS_EDGE_TOPIC);
        p.put("switchboard.ingress.producers.edge.brokers", "localhost:" + ingressEdgePort);
        p.put("switchboard.ingress.kafka-timeout-ms", "3000");
        // a producer configured without a secret: closed, answered as one that does not exist (HostileIngressIT)
        p.put("switchboard.ingress.producers.closed.topic", CALLS);
        // a slow upload is cut after this (HostileIngressIT); a test's whole body arrives far sooner
        p.put("switchboard.ingress.body-timeout-ms", "3000");
        p.put("switchboard.ingress.vendors", TestVendors.folder().toString());
        return p;
    }

    /** One hash per password, so every call of properties() gives the same settings. */
    private final java.util.Map<String, String> passwordHashes = new java.util.concurrent.ConcurrentHashMap<>();

    private void operator(java.util.Map<String, String> p, String name, String password, String role) {
        p.put("switchboard.management.operators." + name + ".password", passwordHashes.computeIfAbsent(password,
                pw -> "{bcrypt}" + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4).encode(pw)));
        p.put("switchboard.management.operators." + name + ".role", role);
    }

    /** The test's OpenID Connect provider, running once this returns. */
    public TestIdentityProvider identityProvider() {
        return identityProvider.start();
    }

    /** The port of the edge producer's broker (not running unless its test starts it). */
    public int ingressEdgePort() {
        return ingressEdgePort;
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path temporaryDirectory(String prefix) {
        try {
            Path dir = java.nio.file.Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
        return publish(new ProducerRecord<>(topic, key, value));
    }

    /** Publishes one record as given (headers and all) and waits for the broker's acknowledgement. */
    public long publish(ProducerRecord<String, byte[]> record) {
        String topic = record.topic();
        try {
            return producer.send(record).get().offset();
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
    }
}
