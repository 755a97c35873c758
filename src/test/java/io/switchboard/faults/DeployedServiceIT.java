package io.switchboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.changefeed.ChangeFeedProperties;
import io.switchboard.changefeed.FeedTopicReader;
import io.switchboard.testing.TestPostgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service as it is deployed (issue 25, "a process test"): three processes of the packaged jar, started as the
 * Dockerfile starts it, on one broker and the emulated org, sharing one PostgreSQL store. One is killed with kill -9
 * mid-stream and a fourth is added. Every event's effects happen exactly once ({@link Audit}), every console
 * shows the same sync log, and the change feed runs on exactly one instance: the one killed, so that another takes
 * over and keeps publishing.
 */
// beside the other test classes, as ProcessFaultsIT (its own broker, org and processes; see failsafe in pom.xml)
@Execution(ExecutionMode.CONCURRENT)
class DeployedServiceIT {

    private static final Logger log = LoggerFactory.getLogger(DeployedServiceIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    // four JVMs starting on two shared cores: minutes, on a loaded machine
    private static final Duration START_UP = Duration.ofSeconds(300);
    private static final Duration DELIVERY = Duration.ofSeconds(120);

    private static FaultBed bed;
    private static FaultBed.Topics topics;
    private static Audit audit;
    private static String storeUrl;
    private static final List<ServiceProcess> instances = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startTheWorld() {
        storeUrl = TestPostgres.get().newDatabase("deployed");
        bed = new FaultBed();
        topics = bed.newTopics("deployed");
        audit = new Audit(bed, topics);
    }

    @AfterAll
    static void stopTheWorld() {
        List.copyOf(instances).forEach(ServiceProcess::close);
        if (audit != null) {
            audit.close();
        }
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    void threeInstancesOneKilledAFourthAddedEverythingOnceOneSyncLog() throws Exception {
        Path jar = packagedJar();
        List<CompletableFuture<ServiceProcess>> starting = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            String name = "deployed-" + n;
            starting.add(CompletableFuture.supplyAsync(() -> start(jar, name)));
        }
        for (CompletableFuture<ServiceProcess> s : starting) {
            s.get();
        }
        awaitHolding(Set.of("deployed-1", "deployed-2", "deployed-3"));

        var sf = bed.salesforce();
        Traffic traffic = Traffic.mixed("deployed", 24, sf.org(), topics.calls(), topics.web());
        // a slow org keeps the stream going while one instance dies
        sf.faults().latency(Duration.ofMillis(300));
        List<FaultBed.Sent> sent = bed.publish(traffic);
        Awaitility.await("the first outcomes").atMost(DELIVERY).pollInterval(Duration.ofMillis(100))
                .until(() -> audit.withOutcome(sent) > 0);
        long before = audit.withOutcome(sent);
        // the instance killed is the one running the change feed: the feed fails over with the stream
        ServiceProcess victim = theFeedsLeader(List.copyOf(instances));
        assertThat(victim.isAlive()).isTrue();
        victim.kill();
        log.info("killed {} with {} of {} records done", victim, before, sent.size());
        assertThat(before).as("records with an outcome when the process died").isLessThan(sent.size());
        audit.nothingCommittedWithoutItsOutcome();

        start(jar, "deployed-4");
        sf.faults().clear();
        try {
            audit.awaitOutcomes(sent, DELIVERY);
            audit.awaitEverythingCommitted(Duration.ofSeconds(60));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; outcomes so far " + audit.summary(sent) + ", uncommitted "
                    + audit.uncommitted(), e);
        }
        // exactly once: every record's outcome as planned, each activity and person once in the org
        audit.verify(traffic, sent);

        // every console shows the same sync log: the shared store's, holding every outcome on the topic
        List<ServiceProcess> live = List.copyOf(instances).stream().filter(ServiceProcess::isAlive).toList();
        assertThat(live).hasSize(3);
        long onTopic = audit.outcomesByRecord().values().stream().mapToLong(List::size).sum();
        Awaitility.await("every console's sync log holds every outcome").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> live.stream().allMatch(s -> syncLog(s).size() == onTopic));
        List<String> first = syncLog(live.get(0));
        for (ServiceProcess s : live) {
            assertThat(syncLog(s)).as("the sync log of " + s.name()).isEqualTo(first);
        }
        assertThat(first.stream().map(e -> e.substring(e.indexOf(':') + 1)).toList()).as("event ids in the sync log")
                .containsAll(sent.stream().map(x -> x.planned().eventId()).filter(id -> id != null).toList());
        // the rest of the console on the shared store: the same dead letters and overview counts everywhere
        String letters = live.get(0).getAsOperator("/console/api/dead-letters/groups");
        assertThat(letters).as("dead-letter groups").contains("\"open\"");
        for (ServiceProcess s : live) {
            assertThat(s.getAsOperator("/console/api/dead-letters/groups")).as(s.name()).isEqualTo(letters);
            assertThat(JSON.readTree(s.getAsOperator("/console/api/overview")).path("lastHourByDecision"))
                    .as(s.name()).isEqualTo(JSON.readTree(live.get(0).getAsOperator("/console/api/overview"))
                            .path("lastHourByDecision"));
        }

        // the change feed kept publishing through the kill: another instance took over, and exactly one runs it
        String tag = "AfterTheKill" + java.util.UUID.randomUUID().toString().substring(0, 6);
        sf.org().insert("Lead", Map.of("LastName", tag, "Company", "Deployed"));
        Awaitility.await("the Lead made after the kill on " + feedTopics().people()).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> FeedTopicReader.finalState(bed.bootstrapServers(), feedTopics().people()).values().stream()
                        .anyMatch(v -> v != null && tag.equals(v.path("lastName").asText())));
        assertThat(live.stream().filter(DeployedServiceIT::leadsTheFeed).toList()).as("instances running the change feed")
                .hasSize(1);
    }

    /** The change feed's topics of this deployment, its own: the emulated org is shared with other tests. */
    private static ChangeFeedProperties.Topics feedTopics() {
        String prefix = topics.group();
        return new ChangeFeedProperties.Topics(prefix + ".people", prefix + ".accounts", prefix + ".feed-state");
    }

    /** The one instance whose change feed leads, once the election has one. */
    private static ServiceProcess theFeedsLeader(List<ServiceProcess> candidates) {
        ServiceProcess[] leader = new ServiceProcess[1];
        Awaitility.await("one instance runs the change feed").atMost(START_UP).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    List<ServiceProcess> leading = candidates.stream().filter(DeployedServiceIT::leadsTheFeed).toList();
                    leader[0] = leading.size() == 1 ? leading.get(0) : null;
                    return leader[0] != null;
                });
        return leader[0];
    }

    private static boolean leadsTheFeed(ServiceProcess service) {
        String health = service.isAlive() ? service.getAsOperator("/actuator/health") : null;
        try {
            return health != null && JSON.readTree(health).path("components").path("changeFeed-health").path("details")
                    .path("leading").asBoolean(false);
        } catch (IOException e) {
            return false;
        }
    }

    /** One instance from the packaged jar on the shared store; returns once it holds partitions of the group. */
    private static ServiceProcess start(Path jar, String name) {
        Map<String, String> settings = new java.util.LinkedHashMap<>(bed.serviceSettings(topics));
        settings.put("switchboard.console.url", storeUrl);
        settings.put("switchboard.console.username", TestPostgres.USER);
        settings.put("switchboard.console.password", TestPostgres.PASSWORD);
        // the change feed on every instance; the election lets one run it (its topics this deployment's own)
        settings.put("switchboard.change-feed.enabled", "true");
        settings.put("switchboard.change-feed.topics.people", feedTopics().people());
        settings.put("switchboard.change-feed.topics.accounts", feedTopics().accounts());
        settings.put("switchboard.change-feed.topics.state", feedTopics().state());
        settings.put("switchboard.change-feed.resubscribe-delay", "500ms");
        settings.put("switchboard.coordination.topic", topics.group() + ".coordination");
        // a killed leader's session ends after this: the broker's minimum
        settings.put("switchboard.coordination.session-timeout", "6s");
        ServiceProcess service = ServiceProcess.startJar(name, jar, settings, bed.logDir());
        // closed at the end, even when its start fails
        instances.add(service);
        try {
            Awaitility.await(name + " joins the group").atMost(START_UP).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!service.isAlive()) {
                            throw new IllegalStateException(name + " exited during start-up:\n" + service.tail(60));
                        }
                        return !bed.assignments(topics.group()).getOrDefault(name, Set.of()).isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " did not join the group:\n" + service.tail(60), e);
        }
        return service;
    }

    private static void awaitHolding(Set<String> names) {
        Awaitility.await("every instance holds partitions").atMost(START_UP).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Map<String, Set<TopicPartition>> held = bed.assignments(topics.group());
                    return names.stream().allMatch(n -> !held.getOrDefault(n, Set.of()).isEmpty());
                });
    }

    /** The console's sync log through its JSON API: every outcome's event id (or its position), newest first. */
    private static List<String> syncLog(ServiceProcess service) {
        String body = service.getAsOperator("/console/api/outcomes?limit=500");
        if (body == null) {
            return List.of();
        }
        try {
            List<String> out = new ArrayList<>();
            for (JsonNode o : JSON.readTree(body)) {
                out.add(o.path("id").asText() + ":" + o.path("outcome").path("eventId").asText());
            }
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The jar `./mvnw package` made (spring-boot repackage), beside test-classes. */
    private static Path packagedJar() throws IOException, URISyntaxException {
        Path build = Path.of(DeployedServiceIT.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        try (Stream<Path> files = Files.list(build)) {
            return files.filter(f -> f.getFileName().toString().matches("switchboard-.*\\.jar")
                            && !f.getFileName().toString().endsWith("-plain.jar") && !f.getFileName().toString().endsWith(".original"))
                    .findFirst().orElseThrow(() -> new AssertionError("No packaged jar in " + build
                            + ": this test runs the jar as deployed; run it with ./mvnw verify (package comes first)"));
        }
    }
}
