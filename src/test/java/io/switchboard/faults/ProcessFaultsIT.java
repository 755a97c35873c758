package io.switchboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.emulator.SalesforceEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-level fault suite (issue 11): the service runs as its own OS process, as a user runs it, against a
 * real broker and the emulated org in this JVM; each scenario injects one kind of trouble into ordinary traffic of
 * people of its own, and then audits the org and the topics ({@link Audit}).
 *
 * <p>The scenarios share one deployment (topics and consumer group) and, where they allow, one service JVM: the
 * ones that keep the process alive run first on one instance; the crash scenario kills it and starts the next; the
 * two-instance scenario starts a second one beside it and kills one of the two. Each scenario still runs alone
 * (it starts what it needs).
 */
// beside the other test classes (it has its own broker, org and service processes; see failsafe in pom.xml); its
// scenarios one after another, in order, on its one thread
@Execution(ExecutionMode.CONCURRENT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessFaultsIT {

    private static final Logger log = LoggerFactory.getLogger(ProcessFaultsIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_UP = Duration.ofSeconds(120);
    private static final Duration DELIVERY = Duration.ofSeconds(90);

    private static FaultBed bed;
    private static FaultBed.Topics topics;
    private static Audit audit;
    private static final List<ServiceProcess> instances = new ArrayList<>();
    private static final AtomicInteger started = new AtomicInteger();

    @BeforeAll
    static void startTheWorld() {
        bed = new FaultBed();
        topics = bed.newTopics("faults");
        audit = new Audit(bed, topics);
    }

    @AfterAll
    static void stopTheWorld() {
        instances.forEach(ServiceProcess::close);
        if (audit != null) {
            audit.close();
        }
        if (bed != null) {
            bed.close();
        }
    }

    @AfterEach
    void healTheOrg() {
        SalesforceEmulator sf = bed.salesforce();
        sf.faults().clear();
        sf.setDailyApiLimit(Math.max(100_000L, sf.apiRequests() + 100_000L));
    }

    // ------------------------------------------------------------------------------------------------ scenarios

    /**
     * (e) Every session expires four times, each time once a batch has begun talking to Salesforce (with 100 ms per
     * request, the rest of the batch meets the expired session); the component logs in again and repeats.
     */
    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(1)
    void expiredSessions() {
        ServiceProcess service = running();
        SalesforceEmulator sf = bed.salesforce();
        Traffic traffic = Traffic.mixed("session", 36, sf.org(), topics.calls(), topics.web());
        sf.faults().latency(Duration.ofMillis(100));
        List<FaultBed.Sent> sent = new ArrayList<>();
        for (List<Traffic.Planned> wave : traffic.waves(4)) {
            long counted = sf.apiRequests();
            List<FaultBed.Sent> published = bed.publish(wave);
            sent.addAll(published);
            Awaitility.await("a batch talking to Salesforce").atMost(DELIVERY).pollInterval(Duration.ofMillis(10))
                    .until(sf::apiRequests, n -> n > counted);
            sf.faults().expireSessions();
            awaitOutcomesOf(published, service);
        }
        sf.faults().latency(Duration.ZERO);
        finish(traffic, sent, service);
    }

    /**
     * (d) A flaky org: 30% of requests fail with UNABLE_TO_LOCK_ROW (and the first two in a row), retried until
     * everything is in. The traffic comes in six waves, so that there are batches enough for the faults to hit many
     * of them.
     */
    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(2)
    void flakyOrg() {
        ServiceProcess service = running();
        SalesforceEmulator sf = bed.salesforce();
        Traffic traffic = Traffic.mixed("flaky", 48, sf.org(), topics.calls(), topics.web());
        long sentBefore = requestsSent(service);
        long countedBefore = sf.apiRequests();
        sf.faults().failNext(2, "UNABLE_TO_LOCK_ROW").failRate(0.3, "UNABLE_TO_LOCK_ROW");
        List<FaultBed.Sent> sent = new ArrayList<>();
        for (List<Traffic.Planned> wave : traffic.waves(6)) {
            List<FaultBed.Sent> published = bed.publish(wave);
            sent.addAll(published);
            awaitOutcomesOf(published, service);
        }
        sf.faults().clear();
        // the emulator does not count a request it fails on purpose; the service counts every request it sends
        long failed = (requestsSent(service) - sentBefore) - (sf.apiRequests() - countedBefore);
        log.info("{} of the requests met UNABLE_TO_LOCK_ROW", failed);
        // two by failNext, and at least one of the dozens of requests at 30% (all but certain)
        assertThat(failed).as("requests that met UNABLE_TO_LOCK_ROW").isGreaterThanOrEqualTo(3);
        finish(traffic, sent, service);
    }

    /**
     * (c) Salesforce unavailable for 20 s (every request 503), then back: while the service keeps trying, nothing
     * of the traffic is published, dead-lettered, written or committed, the process stays up, and everything goes
     * through after.
     */
    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(3)
    void outage() {
        ServiceProcess service = running();
        SalesforceEmulator sf = bed.salesforce();
        Traffic traffic = Traffic.mixed("outage", 30, sf.org(), topics.calls(), topics.web());
        Map<TopicPartition, Long> committedBefore = bed.committed(topics.group());
        long requestsBefore = requestsSent(service);
        sf.faults().failRate(1.0, "SERVER_UNAVAILABLE");
        List<FaultBed.Sent> sent = bed.publish(traffic);
        // the service is trying: its request count (health details) grows while every request fails
        Awaitility.await("the service tries Salesforce during the outage").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> requestsSent(service), n -> n >= requestsBefore + 3);
        // the outage lasts 20 s; all along, nothing of the traffic gets an outcome and no offset moves
        Awaitility.await("nothing is published or committed during the outage").during(Duration.ofSeconds(20))
                .atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(500))
                .until(() -> service.isAlive() && audit.withOutcome(sent) == 0
                        && bed.committed(topics.group()).equals(committedBefore));
        assertThat(requestsSent(service)).as("requests tried during the outage").isGreaterThan(requestsBefore + 10);
        assertThat(traffic.identities.stream().filter(Traffic.Identity::createdByService)
                .filter(who -> !Audit.people(sf.org(), who).isEmpty()).toList())
                .as("people written during the outage").isEmpty();
        assertThat(audit.activityCounts(traffic)).as("activities written during the outage").isEmpty();
        sf.faults().clear();
        finish(traffic, sent, service);
    }

    /**
     * (c, as operators see it) README, "Operating it": health "reports DOWN while Salesforce is unreachable". During
     * an outage where every request fails with 503, the salesforce health component must say DOWN.
     */
    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(4)
    void healthSaysDownDuringAnOutage() {
        ServiceProcess service = running();
        SalesforceEmulator sf = bed.salesforce();
        Traffic traffic = Traffic.mixed("health", 6, sf.org(), topics.calls(), topics.web());
        long requestsBefore = requestsSent(service);
        sf.faults().failRate(1.0, "SERVER_UNAVAILABLE");
        List<FaultBed.Sent> sent = bed.publish(traffic);
        Awaitility.await("the service tries Salesforce during the outage").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> requestsSent(service), n -> n >= requestsBefore + 3);
        try {
            Awaitility.await("health reports Salesforce DOWN").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> salesforceStatus(service), s -> s.equals(Optional.of("DOWN")));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; health: " + service.health(), e);
        }
        sf.faults().clear();
        finish(traffic, sent, service);
    }

    /**
     * (c, as a platform sees it) README, "Operating it": use "/actuator/health/liveness for liveness, so that an
     * outage does not restart the service". Health is open for probes, so a probe without a login must get UP there
     * while Salesforce is down.
     */
    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(5)
    void livenessStaysUpDuringAnOutage() throws Exception {
        ServiceProcess service = running();
        SalesforceEmulator sf = bed.salesforce();
        Traffic traffic = Traffic.mixed("liveness", 6, sf.org(), topics.calls(), topics.web());
        long requestsBefore = requestsSent(service);
        sf.faults().failRate(1.0, "SERVER_UNAVAILABLE");
        List<FaultBed.Sent> sent = bed.publish(traffic);
        Awaitility.await("the service tries Salesforce during the outage").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> requestsSent(service), n -> n >= requestsBefore + 3);
        var liveness = service.getWithoutLogin("/actuator/health/liveness");
        assertThat(liveness).as("an answer on /actuator/health/liveness").isNotNull();
        assertThat(liveness.statusCode()).as("status of /actuator/health/liveness: " + liveness.body()).isEqualTo(200);
        assertThat(JSON.readTree(liveness.body()).path("status").asText()).isEqualTo("UP");
        sf.faults().clear();
        finish(traffic, sent, service);
    }

    /**
     * (f) The org's daily API budget is spent (usage at the maximum): nothing goes through, and once the budget is
     * raised everything does.
     */
    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(6)
    void spentApiBudgetThenRaised() {
        ServiceProcess service = running();
        SalesforceEmulator sf = bed.salesforce();
        Traffic traffic = Traffic.mixed("budget", 30, sf.org(), topics.calls(), topics.web());
        sf.setDailyApiLimit(sf.apiRequests());
        List<FaultBed.Sent> sent = bed.publish(traffic);
        // README: OUT_OF_SERVICE while the budget guard holds requests back
        try {
            Awaitility.await("health reports Salesforce OUT_OF_SERVICE").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> salesforceStatus(service), s -> s.equals(Optional.of("OUT_OF_SERVICE")));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; health: " + service.health(), e);
        }
        long requestsWhileStopped = requestsSent(service);
        long began = System.nanoTime();
        Awaitility.await("nothing is published while the budget is spent").during(Duration.ofSeconds(4))
                .atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(500))
                .until(() -> service.isAlive() && audit.withOutcome(sent) == 0);
        // README: past stop-at no request goes out but one probe per probe-interval (1 s here)
        long probes = requestsSent(service) - requestsWhileStopped;
        long seconds = Duration.ofNanos(System.nanoTime() - began).toSeconds();
        assertThat(probes).as("requests sent in " + seconds + " s while the budget guard holds back").isBetween(1L, seconds + 2);
        sf.setDailyApiLimit(sf.apiRequests() + 100_000L);
        finish(traffic, sent, service);
        Awaitility.await("the budget guard back to NORMAL").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> budgetState(service), b -> b.equals(Optional.of("NORMAL")));
    }

    /**
     * (a) kill -9 while a batch is being written (after its new people are created, before its activities and its
     * outcomes), then a restart: the new instance reads the batch again and the org ends as if nothing happened.
     */
    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(7)
    void killedMidBatchThenRestarted() {
        ServiceProcess service = running();
        SalesforceEmulator sf = bed.salesforce();
        Traffic traffic = Traffic.mixed("kill", 60, sf.org(), topics.calls(), topics.web());
        // a batch of 40 events takes a few requests of 800 ms each, and its writes are answered 800 ms after they
        // are in the org (its new people and their activities go in one request): time enough to catch it halfway,
        // even on a loaded machine (the latency ends with the kill)
        sf.faults().latency(Duration.ofMillis(800)).answerDelay(Duration.ofMillis(800));
        List<FaultBed.Sent> sent = bed.publish(traffic);
        FaultBed.Sent halfway = awaitMidBatch(traffic, sent, Set.of(service));
        service.kill();
        log.info("killed {} while {} was half written", service, halfway.planned().eventId());
        afterKill(traffic, sent);
        sf.faults().clear();
        ServiceProcess restarted = start();
        audit.awaitOutcomes(sent, DELIVERY);
        finish(traffic, sent, restarted);
    }

    /**
     * (b) Two instances in one group, both consuming; the one writing a batch is killed with kill -9 halfway. The
     * other takes its partitions after the session timeout and finishes everything, once.
     */
    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(8)
    void twoInstancesOneKilled() {
        ServiceProcess first = running();
        ServiceProcess second = start();
        Awaitility.await("both instances hold partitions").atMost(START_UP).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Map<String, Set<TopicPartition>> held = bed.assignments(topics.group());
                    return !held.getOrDefault(first.name(), Set.of()).isEmpty()
                            && !held.getOrDefault(second.name(), Set.of()).isEmpty();
                });
        SalesforceEmulator sf = bed.salesforce();
        Traffic traffic = Traffic.mixed("two", 72, sf.org(), topics.calls(), topics.web());
        sf.faults().latency(Duration.ofMillis(500));
        List<FaultBed.Sent> sent = bed.publish(traffic);
        Map<String, Set<TopicPartition>> held = bed.assignments(topics.group());
        // both consume: each has delivered something of the traffic before the kill
        Awaitility.await("outcomes from both instances").atMost(DELIVERY).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Set<Audit.Coordinates> done = audit.outcomesByRecord().keySet();
                    return List.of(first, second).stream().allMatch(instance -> sent.stream()
                            .filter(s -> done.contains(Audit.at(s)))
                            .anyMatch(s -> held.getOrDefault(instance.name(), Set.of())
                                    .contains(new TopicPartition(s.topic(), s.partition()))));
                });
        // writes answered 800 ms after they are in the org (new people and their activities go in one request):
        // a window to kill an instance in, between its writes and its outcomes
        sf.faults().answerDelay(Duration.ofMillis(800));
        FaultBed.Sent halfway = awaitMidBatch(traffic, sent, Set.of(first, second));
        TopicPartition busy = new TopicPartition(halfway.topic(), halfway.partition());
        ServiceProcess victim = held.getOrDefault(first.name(), Set.of()).contains(busy) ? first : second;
        ServiceProcess survivor = victim == first ? second : first;
        assertThat(bed.assignments(topics.group()).getOrDefault(victim.name(), Set.of()))
                .as("the partitions of " + victim.name() + " when it is killed").contains(busy);
        victim.kill();
        log.info("killed {} while {} (partition {}) was half written; {} goes on", victim,
                halfway.planned().eventId(), busy, survivor.name());
        afterKill(traffic, sent);
        sf.faults().clear();
        audit.awaitOutcomes(sent, DELIVERY);
        Awaitility.await(survivor.name() + " holds every partition").atMost(Duration.ofSeconds(30))
                .until(() -> bed.assignments(topics.group()).keySet(), k -> k.equals(Set.of(survivor.name())));
        finish(traffic, sent, survivor);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A live instance of the deployment: the newest one running, or a new one. */
    private static ServiceProcess running() {
        for (int n = instances.size() - 1; n >= 0; n--) {
            if (instances.get(n).isAlive()) {
                return instances.get(n);
            }
        }
        return start();
    }

    /** Starts one more instance and waits until it holds partitions of the group. */
    private static ServiceProcess start() {
        String name = "switchboard-" + started.incrementAndGet();
        long began = System.nanoTime();
        ServiceProcess service = ServiceProcess.start(name, bed.serviceSettings(topics), bed.logDir());
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
        log.info("{} consuming after {} ms", service, (System.nanoTime() - began) / 1_000_000);
        return service;
    }

    /**
     * Waits until a batch is being written: a person the traffic makes is in the org while one of their records
     * has no outcome yet. Returns that record.
     */
    private static FaultBed.Sent awaitMidBatch(Traffic traffic, List<FaultBed.Sent> sent, Set<ServiceProcess> live) {
        try {
            return Awaitility.await("a batch half written").atMost(DELIVERY).pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (live.stream().noneMatch(ServiceProcess::isAlive)) {
                            throw new IllegalStateException("no instance is running");
                        }
                        return halfWritten(traffic, sent);
                    }, Optional::isPresent).get();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("never caught a batch half written: outcomes " + audit.summary(sent), e);
        }
    }

    /**
     * A record of a person the service creates, none of whose records has an outcome yet, though the person is in
     * the org already: its batch is being written (a person whose first records are done and whose next ones wait
     * for a later batch does not count).
     */
    private static Optional<FaultBed.Sent> halfWritten(Traffic traffic, List<FaultBed.Sent> sent) {
        Set<Audit.Coordinates> done = audit.outcomesByRecord().keySet();
        Set<Traffic.Identity> started = new java.util.HashSet<>();
        for (FaultBed.Sent s : sent) {
            if (s.planned().identity() != null && done.contains(Audit.at(s))) {
                started.add(s.planned().identity());
            }
        }
        Set<Traffic.Identity> checked = new java.util.HashSet<>();
        for (FaultBed.Sent s : sent) {
            Traffic.Identity who = s.planned().identity();
            if (who == null || !who.createdByService() || started.contains(who) || !checked.add(who)) {
                continue;
            }
            if (!Audit.people(bed.salesforce().org(), who).isEmpty()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Right after a kill -9, with nothing more to come from the dead process: no offset is committed ahead of its
     * outcome, and the kill did land mid-batch (some person is written whose record has no outcome).
     */
    private static void afterKill(Traffic traffic, List<FaultBed.Sent> sent) {
        audit.nothingCommittedWithoutItsOutcome();
        assertThat(halfWritten(traffic, sent)).as("a record half written when the process died").isPresent();
        assertThat(audit.withOutcome(sent)).as("records with an outcome when the process died").isLessThan(sent.size());
    }

    /** Every record's outcome, every offset committed, then the audit. */
    private static void finish(Traffic traffic, List<FaultBed.Sent> sent, ServiceProcess service) {
        try {
            audit.awaitOutcomes(sent, DELIVERY);
            audit.awaitEverythingCommitted(Duration.ofSeconds(30));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; outcomes so far " + audit.summary(sent) + ", uncommitted "
                    + audit.uncommitted() + "; " + service + " alive: " + service.isAlive() + "\n" + service.tail(40), e);
        }
        audit.verify(traffic, sent);
        log.info("{}: {} records audited, outcomes {}", traffic.tag, sent.size(), audit.summary(sent));
    }

    private static void awaitOutcomesOf(List<FaultBed.Sent> sent, ServiceProcess service) {
        try {
            audit.awaitOutcomes(sent, DELIVERY);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; outcomes so far " + audit.summary(sent) + "\n" + service.tail(40), e);
        }
    }

    /** Salesforce requests the instance has sent (health details), or -1 if it does not answer. */
    private static long requestsSent(ServiceProcess service) {
        String health = service.health();
        if (health == null) {
            return -1;
        }
        try {
            return JSON.readTree(health).path("components").path("salesforce").path("details").path("requests").asLong(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    /** The budget guard's state in the instance's health details, if it answers. */
    private static Optional<String> budgetState(ServiceProcess service) {
        String health = service.health();
        if (health == null) {
            return Optional.empty();
        }
        try {
            JsonNode budget = JSON.readTree(health).path("components").path("salesforce").path("details").path("budget");
            return budget.isMissingNode() ? Optional.empty() : Optional.of(budget.asText());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** The status of the salesforce component of the instance's health, if it answers. */
    private static Optional<String> salesforceStatus(ServiceProcess service) {
        String health = service.health();
        if (health == null) {
            return Optional.empty();
        }
        try {
            JsonNode status = JSON.readTree(health).path("components").path("salesforce").path("status");
            return status.isMissingNode() ? Optional.empty() : Optional.of(status.asText());
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
