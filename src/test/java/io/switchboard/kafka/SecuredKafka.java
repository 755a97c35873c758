package io.switchboard.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft broker whose client listener is SASL_SSL with SCRAM-SHA-512, as a managed cluster's is, on
 * free ports. Its certificate (for localhost) is made here with the JDK's keytool, with a truststore that trusts it
 * and one that does not. A PLAINTEXT listener beside it serves the controller, the creation of the SCRAM user and
 * the test's own tooling; the service is given only the SASL_SSL one.
 */
final class SecuredKafka implements AutoCloseable {

    static final String USER = "switchboard";
    static final String STORE_PASSWORD = "test-store-password";

    private final Path dir;
    private final String password;
    private final int plainPort;
    private final int securedPort;
    private final KafkaRaftServer server;

    private SecuredKafka(Path dir, String password, int plainPort, int securedPort, KafkaRaftServer server) {
        this.dir = dir;
        this.password = password;
        this.plainPort = plainPort;
        this.securedPort = securedPort;
        this.server = server;
    }

    static SecuredKafka start(String... topics) throws Exception {
        Path dir = Files.createTempDirectory("switchboard-sasl-kafka-");
        certificates(dir);
        int plain = freePort();
        int secured = freePort();
        int controller = freePort();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + controller);
        props.put("listeners", "PLAINTEXT://localhost:" + plain + ",SASL_SSL://localhost:" + secured
                + ",CONTROLLER://localhost:" + controller);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + plain + ",SASL_SSL://localhost:" + secured);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.put("listener.name.sasl_ssl.ssl.keystore.location", dir.resolve("broker.p12").toString());
        props.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
        props.put("listener.name.sasl_ssl.ssl.keystore.password", STORE_PASSWORD);
        props.put("listener.name.sasl_ssl.ssl.key.password", STORE_PASSWORD);
        props.put("log.dirs", dir.resolve("logs").toString());
        props.put("num.partitions", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");
        Path config = dir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(config)) {
            props.store(out, "switchboard SASL_SSL test broker");
        }
        ByteArrayOutputStream formatLog = new ByteArrayOutputStream();
        int formatted = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString(), "--ignore-formatted"}, new PrintStream(formatLog, true, StandardCharsets.UTF_8));
        if (formatted != 0) {
            throw new IllegalStateException("Could not format the test broker's storage: " + formatLog);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        server.startup();
        String password = "scram-" + Uuid.randomUuid();
        SecuredKafka kafka = new SecuredKafka(dir, password, plain, secured, server);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.plainBootstrap()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get(30, TimeUnit.SECONDS);
            List<NewTopic> create = new ArrayList<>();
            for (String topic : topics) {
                create.add(new NewTopic(topic, 1, (short) 1));
            }
            admin.createTopics(create).all().get(30, TimeUnit.SECONDS);
        }
        return kafka;
    }

    /** The listener for the test's own tools (and nobody else). */
    String plainBootstrap() {
        return "localhost:" + plainPort;
    }

    String securedBootstrap() {
        return "localhost:" + securedPort;
    }

    /**
     * The service's settings for the SASL_SSL listener, as docs/kafka.md gives them for a managed cluster.
     *
     * @param password    the SCRAM password the service logs in with
     * @param trustsBroker whether its truststore holds the broker's certificate
     */
    Map<String, String> serviceSettings(String password, boolean trustsBroker) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("switchboard.kafka.bootstrap-servers", securedBootstrap());
        p.put("switchboard.kafka.properties.security.protocol", "SASL_SSL");
        p.put("switchboard.kafka.properties.sasl.mechanism", "SCRAM-SHA-512");
        p.put("switchboard.kafka.properties.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule"
                + " required username=\"" + USER + "\" password=\"" + password + "\";");
        p.put("switchboard.kafka.properties.ssl.truststore.location",
                dir.resolve(trustsBroker ? "truststore.p12" : "other-truststore.p12").toString());
        p.put("switchboard.kafka.properties.ssl.truststore.type", "PKCS12");
        p.put("switchboard.kafka.properties.ssl.truststore.password", STORE_PASSWORD);
        return p;
    }

    Map<String, String> serviceSettings() {
        return serviceSettings(password, true);
    }

    /** The same as switchboard.kafka.* in application properties, for building KafkaClients without Spring. */
    static KafkaConnection connection(Map<String, String> settings) {
        Map<String, String> raw = new LinkedHashMap<>();
        String prefix = "switchboard.kafka.properties.";
        settings.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                raw.put(k.substring(prefix.length()), v);
            }
        });
        return new KafkaConnection(settings.get("switchboard.kafka.bootstrap-servers"), raw);
    }

    /** A self-signed certificate for localhost in the broker's keystore; a truststore with it, and one without. */
    private static void certificates(Path dir) throws Exception {
        keytool(dir, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", "broker.p12", "-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool(dir, "-exportcert", "-alias", "broker", "-keystore", "broker.p12", "-storepass", STORE_PASSWORD,
                "-rfc", "-file", "broker.pem");
        keytool(dir, "-importcert", "-noprompt", "-alias", "broker", "-file", "broker.pem",
                "-keystore", "truststore.p12", "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        // a truststore of another authority: the broker's certificate is not among what it trusts
        keytool(dir, "-genkeypair", "-alias", "other", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=another-authority", "-keystore", "other-truststore.p12", "-storetype", "PKCS12",
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
    }

    private static void keytool(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
