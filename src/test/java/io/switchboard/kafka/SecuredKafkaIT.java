package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.SwitchboardApplication;
import io.switchboard.console.ConsoleOperations;
import io.switchboard.model.rule.NewPerson;
import io.switchboard.operations.ConsumerLag;
import io.switchboard.review.ReviewItem;
import io.switchboard.review.ReviewService;
import io.switchboard.testing.TestBed;
import io.switchboard.testing.TopicWatcher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service against a Kafka that asks for SASL_SSL with SCRAM-SHA-512, as a managed cluster does: every Kafka
 * client of the service (the Camel consumer and producers, the ingress, the console's feed and replay, the review
 * queue, the change feed, the lag reader) connects only through switchboard.kafka.bootstrap-servers and
 * switchboard.kafka.properties.*. One service instance of its own (a second Spring context, against a broker of its
 * own, beside the shared test bed's), which each test uses; the test's tools read and write over a PLAINTEXT
 * listener of that broker.
 */
class SecuredKafkaIT {

    private static final TestBed bed = TestBed.get();
    private static final ObjectMapper json = new ObjectMapper();
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("operator:test-operator-password".getBytes(StandardCharsets.UTF_8));
    private static final String PEOPLE = "salesforce.people";

    private static SecuredKafka kafka;
    private static ConfigurableApplicationContext service;
    private static TopicWatcher topics;
    private static KafkaProducer<String, byte[]> producer;
    private static int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startTheServiceOnASecuredKafka() throws Exception {
        kafka = SecuredKafka.start(TestBed.CALLS, TestBed.CONVERSATIONS, TestBed.WEB, TestBed.OUTCOMES, TestBed.DLQ);
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.jmx.enabled=false",
                "--camel.main.jmx-enabled=false", "--camel.main.name=switchboard-sasl",
                // a console store of its own, beside the shared context's
                "--spring.application.name=switchboard-sasl"));
        Map<String, String> settings = new java.util.LinkedHashMap<>(bed.properties());
        settings.putAll(kafka.serviceSettings());
        settings.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        topics = new TopicWatcher(kafka.plainBootstrap(), TestBed.OUTCOMES, TestBed.DLQ, PEOPLE);
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.plainBootstrap()), new StringSerializer(),
                new ByteArraySerializer());
        service = new SpringApplicationBuilder(SwitchboardApplication.class).run(arguments.toArray(String[]::new));
        port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (topics != null) {
            topics.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theServiceIsReadyWithKafkaUpOverSaslSsl() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                service.getBean(KafkaConnectionCheck.class).health().getStatus().equals(Status.UP));
        JsonNode readiness = json.readTree(send(get("/actuator/health/readiness"), true).body());
        assertThat(readiness.path("components").path("kafka").path("status").asText()).as(readiness.toString()).isEqualTo("UP");
        // the lag reader's admin client, on the same connection
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            ConsumerLag.Lags lags = service.getBean(ConsumerLag.class).read();
            return lags.problem() == null && lags.partitions().stream().anyMatch(l -> l.topic().equals(TestBed.CALLS));
        });
    }

    @Test
    void anEventIsDeliveredAndTheConsoleShowsItsOutcome() throws Exception {
        String email = unique("sasl") + "@example.com";
        String id = unique("sasl-call");
        publish(TestBed.CALLS, email, event(id, "call.inbound", Map.of("person", Map.of("email", email, "lastName", "Sasl"))));
        JsonNode outcome = awaitOutcome(id, "delivered");
        String taskId = outcome.path("activity").path("id").asText();
        assertThat(bed.salesforce().org().query("SELECT Id FROM Task WHERE Id = '" + taskId + "'")).hasSize(1);
        // the console's feed read it from the outcome topic into its store
        JsonNode found = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> json.readTree(send(get("/console/api/outcomes?q=" + email), true).body()), n -> n.size() == 1);
        assertThat(found.get(0).path("outcome").path("eventId").asText()).isEqualTo(id);
    }

    @Test
    void aWebhookIsWrittenToTheInputTopicAndDelivered() throws Exception {
        String id = unique("sasl-hook");
        String email = unique("hook") + "@example.com";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ingress/events"))
                .header("Content-Type", "application/cloudevents+json")
                .header("Authorization", "Bearer " + TestBed.INGRESS_SECRET)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(
                        event(id, "call.inbound", Map.of("person", Map.of("email", email, "lastName", "Hook"))))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        awaitOutcome(id, "delivered");
    }

    @Test
    void aDeadLetterIsReplayedFromTheConsole() throws Exception {
        String id = unique("sasl-dead");
        publish(TestBed.CALLS, id, event(id, "fax.inbound", Map.of()));
        awaitOutcome(id, "dead-lettered");
        long letter = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode l : json.readTree(send(get("/console/api/dead-letters?all=true&step=rules&code=UNKNOWN_TYPE"), true).body())) {
                if (id.equals(l.path("eventId").asText())) {
                    return l.path("id").asLong();
                }
            }
            return -1L;
        }, n -> n > 0);
        assertThat(service.getBean(ConsoleOperations.class).replayDeadLetter(letter).get(0)).isEqualTo("1 done");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !topics.all(TestBed.OUTCOMES,
                r -> id.equals(read(r.value()).path("eventId").asText()) && read(r.value()).hasNonNull("replayOf")).isEmpty());
    }

    @Test
    void aHeldInteractionWaitsInTheReviewQueueAndIsDeliveredOnceDecided() {
        String email = unique("sasl-walk-in") + "@example.com";
        String id = unique("sasl-review");
        publish(TestBed.WEB, email, event(id, "test.review-nobody", Map.of("person", Map.of("email", email,
                "lastName", "Walker", "company", "Walk-in Ltd"))));
        awaitOutcome(id, "held-for-review");
        ReviewService review = service.getBean(ReviewService.class);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> review.item(id).filter(ReviewItem::waiting).isPresent());
        assertThat(review.create(id, NewPerson.LEAD, "ann", null).accepted()).isTrue();
        awaitOutcome(id, "delivered");
        assertThat(bed.salesforce().org().query("SELECT Id FROM Lead WHERE Email = '" + email + "'")).hasSize(1);
    }

    @Test
    void theChangeFeedPublishesTheOrgsPeopleAndKeepsItsState() {
        // the snapshot of the emulated org's people, through the feed's producer, after its admin created the topics
        ConsumerRecord<String, byte[]> person = topics.await(PEOPLE, r -> r.value() != null);
        assertThat(read(person.value()).path("id").asText()).isNotBlank();
    }

    @Test
    void aWrongPasswordIsOneLineNamingTheSettingAndKafkaIsDown() {
        String problem = failedCheck(kafka.serviceSettings("not-the-password", true));
        assertThat(problem).startsWith("Kafka at " + kafka.securedBootstrap() + " refused the service's login (SASL SCRAM-SHA-512)")
                .contains("switchboard.kafka.properties.sasl.jaas.config").doesNotContain("not-the-password");
    }

    @Test
    void anUntrustedCertificateIsOneLineNamingTheSettingAndKafkaIsDown() {
        String problem = failedCheck(kafka.serviceSettings(kafka.serviceSettings().get(
                "switchboard.kafka.properties.sasl.jaas.config").replaceAll(".*password=\"([^\"]*)\".*", "$1"), false));
        assertThat(problem).startsWith("Kafka at " + kafka.securedBootstrap() + ": the broker's certificate is not trusted")
                .contains("switchboard.kafka.properties.ssl.truststore.location");
    }

    /**
     * The check as it runs at start, with these settings: it answers within its deadline (no hang), says DOWN, and
     * logs its one line once, without a stack trace, however often it runs.
     */
    private static String failedCheck(Map<String, String> settings) {
        Logger logger = (Logger) LoggerFactory.getLogger(KafkaConnectionCheck.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        Logger clientsLogger = (Logger) LoggerFactory.getLogger("org.apache.kafka.clients");
        ListAppender<ILoggingEvent> clientsLog = new ListAppender<>();
        clientsLog.start();
        clientsLogger.addAppender(clientsLog);
        KafkaClients clients = new KafkaClients(SecuredKafka.connection(settings));
        KafkaConnectionCheck check = new KafkaConnectionCheck(clients, Duration.ofMillis(200));
        try {
            check.start();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> check.health().getDetails().containsKey("problem"));
            assertThat(check.health().getStatus()).isEqualTo(Status.DOWN);
            // checked again meanwhile, for the same reason: still the one line
            Object first = check.health().getDetails().get("checkedAt");
            int clientLinesBefore = refusalLines(clientsLog);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !first.equals(check.health().getDetails().get("checkedAt")));
            // the client's own line about it came once at most, before the check had its verdict, then no more
            assertThat(refusalLines(clientsLog)).isEqualTo(clientLinesBefore);
            // and what the client said came without a stack trace
            assertThat(clientsLog.list).filteredOn(e -> e.getFormattedMessage().contains("switchboard-connection-check"))
                    .allSatisfy(e -> assertThat(e.getThrowableProxy()).as(e.getFormattedMessage()).isNull());
            List<ILoggingEvent> errors = log.list.stream().filter(e -> e.getLevel() == Level.ERROR
                    && e.getFormattedMessage().contains(kafka.securedBootstrap())).toList();
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getThrowableProxy()).isNull();
            assertThat(errors.get(0).getFormattedMessage()).doesNotContain("\n");
            return (String) check.health().getDetails().get("problem");
        } finally {
            check.stop();
            clients.destroy();
            logger.detachAppender(log);
            clientsLogger.detachAppender(clientsLog);
        }
    }

    private static int refusalLines(ListAppender<ILoggingEvent> log) {
        return (int) log.list.stream().filter(e -> e.getFormattedMessage().contains("switchboard-connection-check")
                && e.getFormattedMessage().contains("failed authentication")).count();
    }

    private JsonNode awaitOutcome(String eventId, String decision) {
        ConsumerRecord<String, byte[]> record = topics.await(TestBed.OUTCOMES, r -> {
            JsonNode o = read(r.value());
            return eventId.equals(o.path("eventId").asText()) && decision.equals(o.path("decision").asText());
        });
        return read(record.value());
    }

    private void publish(String topic, String key, Map<String, Object> event) {
        try {
            producer.send(new ProducerRecord<>(topic, key, json.writeValueAsBytes(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
    }

    private static Map<String, Object> event(String id, String type, Map<String, Object> data) {
        return Map.of("specversion", "1.0", "id", id, "source", "test-phone-system", "type", type,
                "time", "2026-11-20T15:04:05Z", "subject", "call-" + id, "data", data);
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static JsonNode read(byte[] value) {
        try {
            return json.readTree(value);
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
    }

    private HttpResponse<String> send(HttpRequest.Builder request, boolean login) throws Exception {
        if (login) {
            request.header("Authorization", AUTH);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
