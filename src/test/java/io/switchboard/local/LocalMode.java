package io.switchboard.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.SwitchboardApplication;
import io.switchboard.emulator.EmulatorSettings;
import io.switchboard.emulator.SalesforceEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

/**
 * Local mode: an in-process Kafka broker (localhost:9092), the Salesforce org emulator (http://localhost:8089) and
 * the service (http://localhost:8080), with the sample events of config/samples published once everything runs.
 * Ports: LOCAL_KAFKA_PORT, SF_EMULATOR_PORT, SERVER_PORT.
 */
public final class LocalMode {

    private static final Logger log = LoggerFactory.getLogger(LocalMode.class);
    static final List<String> TOPICS = List.of("interactions.calls", "interactions.conversations", "interactions.web",
            "interactions.outcomes", "interactions.dlq");

    /** The in-process broker's loggers: quiet unless LOCAL_VERBOSE=true, so the outcome lines stand out. */
    private static final List<String> INFRASTRUCTURE_LOGGERS = List.of("kafka", "state.change.logger",
            "org.apache.kafka", "org.apache.zookeeper", "org.springframework.kafka");

    private LocalMode() {
    }

    /**
     * The in-process broker's controller says at WARN, on every first start of a cluster, that its new metadata log
     * is empty and gets its bootstrap record: true of every local run (a fresh broker each time), so nothing to act on.
     */
    private static final String FIRST_START_LOGGER = "org.apache.kafka.controller.QuorumController";

    /** Before Spring Boot configures logging, the broker logs through logback's defaults: quieted here too. */
    private static void quietInfrastructure() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            INFRASTRUCTURE_LOGGERS.forEach(name -> context.getLogger(name).setLevel(ch.qos.logback.classic.Level.WARN));
            context.getLogger(FIRST_START_LOGGER).setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }

    public static void main(String[] args) throws Exception {
        int kafkaPort = Integer.parseInt(System.getenv().getOrDefault("LOCAL_KAFKA_PORT", "9092"));
        int emulatorPort = Integer.parseInt(System.getenv().getOrDefault("SF_EMULATOR_PORT", "8089"));
        int serverPort = Integer.parseInt(System.getenv().getOrDefault("SERVER_PORT", "8080"));
        Optional<String> taken = new LocalPorts()
                .need(kafkaPort, "the Kafka broker's (LOCAL_KAFKA_PORT)")
                .need(kafkaPort + 1, "the Kafka broker's controller port, LOCAL_KAFKA_PORT + 1 (set LOCAL_KAFKA_PORT)")
                .need(emulatorPort, "the emulated Salesforce org's (SF_EMULATOR_PORT)")
                .need(serverPort, "the service's (SERVER_PORT)")
                .firstTaken();
        if (taken.isPresent()) {
            System.err.println(taken.get());
            System.exit(2);
        }
        boolean verbose = Boolean.parseBoolean(System.getenv().getOrDefault("LOCAL_VERBOSE", "false"));
        if (!verbose) {
            quietInfrastructure();
        }

        LocalKafka kafka = LocalKafka.start(kafkaPort);
        EmulatorSettings settings = EmulatorSettings.defaults().withPort(emulatorPort)
                .withExtraSchema(Path.of("src/test/resources/emulator/switchboard-org.yaml"));
        SalesforceEmulator emulator = SalesforceEmulator.start(settings);
        createTopics(kafka.bootstrapServers());

        SpringApplication app = new SpringApplication(SwitchboardApplication.class);
        // Command-line arguments outrank config/application.yaml, which points at real Salesforce.
        List<String> arguments = new ArrayList<>(List.of(args));
        Map<String, String> local = new LinkedHashMap<>();
        local.put("switchboard.kafka.bootstrap-servers", kafka.bootstrapServers());
        // the in-process broker speaks PLAINTEXT, whatever a managed cluster's settings in the environment say
        // (SWITCHBOARD_KAFKA_PROPERTIES_*: their SASL and TLS settings go unused without security.protocol)
        local.put("switchboard.kafka.properties.security.protocol", "PLAINTEXT");
        local.putAll(emulator.serviceSettings());
        local.put("switchboard.management.open", "true");
        // the key the service signs its review decisions with: the environment's, else one of this run (a dead
        // letter's decision from an earlier run is then not honoured on replay: it is matched again)
        if (System.getenv("SWITCHBOARD_SIGNING_KEY") == null || System.getenv("SWITCHBOARD_SIGNING_KEY").isBlank()) {
            local.put("switchboard.signing.key", io.switchboard.signing.SigningProperties.randomKey());
        }
        // no login in local mode: so only this machine reaches it (the service refuses to open otherwise)
        local.put("server.address", "127.0.0.1");
        // local mode has no operators to hide details from
        local.put("management.endpoint.health.show-details", "always");
        local.put("management.endpoint.health.group.readiness.show-details", "always");
        local.put("server.port", String.valueOf(serverPort));
        if (!verbose) {
            // the in-process broker's own loggers, once Spring Boot has configured logging
            for (String logger : INFRASTRUCTURE_LOGGERS) {
                local.put("logging.level." + logger, "WARN");
            }
            local.put("logging.level." + FIRST_START_LOGGER, "ERROR");
        }
        // the change feed runs, so a new user sees salesforce.people fill up (docs/change-feed.md)
        local.put("switchboard.change-feed.enabled", "true");
        // the console's store is the view of this run's topics: the broker starts empty each run, so a store of its own
        // for each run. One named by SWITCHBOARD_CONSOLE_DIRECTORY is kept: when it holds an earlier run's records the
        // store sees another cluster, and rebuilds itself from this run's topics (docs/store.md)
        String keptStore = System.getenv("SWITCHBOARD_CONSOLE_DIRECTORY");
        Path store = keptStore != null && !keptStore.isBlank() ? Path.of(keptStore)
                : Files.createTempDirectory("switchboard-local-console-");
        local.put("switchboard.console.directory", store.toString());
        local.put("switchboard.retry.initial-delay-ms", "500");
        local.put("switchboard.retry.max-delay-ms", "5000");
        // the webhook ingress's producers: a random secret each for this run (none is committed), in a file
        LocalWebhooks webhooks = LocalWebhooks.forPort(serverPort, System.getenv());
        local.putAll(webhooks.settings());
        local.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        var context = app.run(arguments.toArray(String[]::new));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            emulator.close();
            kafka.close();
            if (keptStore == null || keptStore.isBlank()) {
                deleteTree(store);
            }
        }));
        int published = publishSamples(kafka.bootstrapServers(), Path.of("config/samples"));
        Path secrets = webhooks.writeSecrets();
        String port = context.getEnvironment().getProperty("local.server.port");
        log.info("""

                Switchboard local mode is running.
                  Kafka:      {}   (published {} sample events from config/samples)
                  Salesforce: {}   (emulated org; client id {}, user {})
                  Pub/Sub:    {}:{}   (the org's Change Data Capture, gRPC over TLS; {}/__emulator/pubsub)
                  Service:    http://localhost:{}   (Hawtio: /actuator/hawtio, health: /actuator/health)
                  Webhooks:   POST http://localhost:{}/ingress/<aircall|twilio|intercom|events>; this run's secrets
                              are in {} (set -a; . {}), the samples of {} are posted now
                One line per outcome follows. Ctrl-C stops everything.
                """, kafka.bootstrapServers(), published, emulator.baseUrl(), settings.clientId(),
                settings.username(), emulator.pubSub().host(), emulator.pubSub().port(), emulator.baseUrl(),
                port, port, secrets, secrets, LocalWebhooks.SAMPLES);
        webhooks.postSamples(Integer.parseInt(port), emulator);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system's to clean up then
        }
    }

    static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var existing = admin.listTopics().names().get();
            List<NewTopic> missing = TOPICS.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, 3, (short) 1)).toList();
            admin.createTopics(missing).all().get();
        }
    }

    /** Publishes config/samples/<topic>/*.json in name order, keyed by the person's email or phone. */
    static int publishSamples(String bootstrap, Path samples) throws IOException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        ObjectMapper json = new ObjectMapper();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(samples)) {
            // the vendor webhooks are posted over HTTP (LocalWebhooks), not published
            walk.filter(p -> p.toString().endsWith(".json") && !p.startsWith(samples.resolve("webhooks")))
                    .sorted().forEach(files::add);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (Path file : files) {
                byte[] value = Files.readAllBytes(file);
                producer.send(new ProducerRecord<>(file.getParent().getFileName().toString(), personKey(json, value, file), value));
            }
            producer.flush();
        }
        return files.size();
    }

    /** The CloudEvents partitionkey extension if the sample has one, else the person's email or phone. */
    private static String personKey(ObjectMapper json, byte[] value, Path file) {
        try {
            JsonNode event = json.readTree(value);
            if (event.hasNonNull("partitionkey")) {
                return event.get("partitionkey").asText();
            }
            JsonNode person = event.path("data").path("person");
            for (String field : List.of("email", "phone", "mobile")) {
                if (person.hasNonNull(field)) {
                    return person.get(field).asText();
                }
            }
        } catch (IOException notJson) {
            // the malformed sample: keyed by its file name
        }
        return file.getFileName().toString();
    }
}
