package io.switchboard.console.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.console.ServiceTopics;
import io.switchboard.console.audit.AuditEntry;
import io.switchboard.console.audit.Operator;
import io.switchboard.console.replay.DeadLetterActions;
import io.switchboard.testing.TestBed;
import io.switchboard.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several instances on one shared PostgreSQL store (a real server, {@link TestPostgres}) and one real broker: the
 * schema migrated once for all, every instance feeding it without writing a record twice, every instance showing
 * the same sync log, and an operator's replay or discard on one instance seen, and not done again, on the others.
 */
class SharedStoreIT {

    private static final TestBed bed = TestBed.get();
    private static Admin admin;
    private static ServiceTopics topics;
    private static final List<StoreInstance> instances = new ArrayList<>();

    @BeforeAll
    static void topicsAndThreeInstances() throws Exception {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bed.bootstrapServers()));
        String prefix = "shared-store-" + UUID.randomUUID().toString().substring(0, 6);
        topics = new ServiceTopics(prefix + "-group", prefix + ".calls", prefix + ".outcomes",
                prefix + ".dlq");
        admin.createTopics(topics.all().stream().map(t -> new NewTopic(t, 3, (short) 1)).toList()).all().get();
        String url = TestPostgres.get().newDatabase("shared_store");
        Path unused = Files.createTempDirectory("shared-store-");
        // started together: their migrations meet on the empty database (Flyway takes a lock for them)
        List<CompletableFuture<StoreInstance>> starting = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            starting.add(CompletableFuture.supplyAsync(() -> new StoreInstance(name, unused, url, TestPostgres.USER,
                    TestPostgres.PASSWORD, topics, bed.bootstrapServers()).start()));
        }
        for (CompletableFuture<StoreInstance> s : starting) {
            instances.add(s.get());
        }
    }

    @AfterAll
    static void stop() {
        instances.forEach(StoreInstance::close);
        if (admin != null) {
            admin.close();
        }
    }

    @Test
    void everyInstanceFeedsTheSharedStoreAndShowsTheSameSyncLog() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = "shared-" + UUID.randomUUID();
            ids.add(id);
            bed.publish(topics.outcomes(), id, outcome(id));
        }
        for (StoreInstance instance : instances) {
            Awaitility.await("the sync log of " + instance.properties.instance()).atMost(Duration.ofSeconds(60))
                    .until(() -> instance.syncLog().containsAll(ids));
        }
        // three feeders, each record once
        List<String> log = instances.get(0).syncLog();
        assertThat(log.stream().filter(ids::contains)).hasSize(ids.size()).doesNotHaveDuplicates();
        assertThat(instances.get(1).syncLog()).isEqualTo(log);
        assertThat(instances.get(2).syncLog()).isEqualTo(log);
    }

    @Test
    void aReplayOrADiscardOnOneInstanceIsSeenAndNotDoneAgainOnTheOthers() throws Exception {
        String replayed = "shared-dl-" + UUID.randomUUID();
        String discarded = "shared-dl-" + UUID.randomUUID();
        bed.publish(deadLetter(replayed));
        bed.publish(deadLetter(discarded));
        StoreInstance a = instances.get(0);
        StoreInstance b = instances.get(1);
        StoreInstance c = instances.get(2);
        long replayedId = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> letterOf(a, replayed), id -> id > 0);
        long discardedId = Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> letterOf(a, discarded), id -> id > 0);
        Map<TopicPartition, Long> before = ends(topics.input().get(0));

        // two operators press Replay at the same moment on two instances: one replay is published
        CompletableFuture<DeadLetterActions.Outcome> onA = CompletableFuture.supplyAsync(() ->
                a.actions.replay(List.of(replayedId), new Operator("ann", Operator.API)));
        CompletableFuture<DeadLetterActions.Outcome> onB = CompletableFuture.supplyAsync(() ->
                b.actions.replay(List.of(replayedId), new Operator("bob", Operator.API)));
        assertThat(onA.get().done() + onB.get().done()).as(onA.get().details() + " / " + onB.get().details()).isEqualTo(1);
        DeadLetterActions.Outcome refused = onA.get().done() == 0 ? onA.get() : onB.get();
        assertThat(refused.details()).singleElement().asString().contains("already replayed by");
        assertThat(published(before, ends(topics.input().get(0)))).as("replays published").isEqualTo(1);
        assertThat(c.letters.get(replayedId).orElseThrow().status()).isEqualTo("replayed");

        // a discard on C is seen on A, and A cannot discard or replay it again
        assertThat(c.actions.discard(List.of(discardedId), "a test record", new Operator("cid", Operator.CONSOLE)).done())
                .isEqualTo(1);
        assertThat(a.letters.get(discardedId).orElseThrow().status()).isEqualTo("discarded");
        assertThat(a.letters.get(discardedId).orElseThrow().settledBy()).isEqualTo("cid");
        DeadLetterActions.Outcome again = a.actions.replay(List.of(discardedId), new Operator("ann", Operator.API));
        assertThat(again.done()).isZero();
        assertThat(again.details()).singleElement().asString().contains("already discarded by cid");
        assertThat(a.letters.openCount()).isEqualTo(b.letters.openCount());

        // one audit for all: what the three did, on each instance
        for (StoreInstance instance : instances) {
            List<String> who = instance.audit.latest(50).stream().map(AuditEntry::who).toList();
            assertThat(who).contains("ann", "bob", "cid");
        }
    }

    private static long letterOf(StoreInstance instance, String eventId) {
        return instance.jdbc.queryForList("SELECT id FROM dead_letter WHERE event_id = :e", Map.of("e", eventId), Long.class)
                .stream().findFirst().orElse(0L);
    }

    private static Map<TopicPartition, Long> ends(String topic) throws Exception {
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
        partitions.forEach(p -> latest.put(p, org.apache.kafka.clients.admin.OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new java.util.HashMap<>();
        admin.listOffsets(latest).all().get().forEach((p, o) -> out.put(p, o.offset()));
        return out;
    }

    private static long published(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
        return after.entrySet().stream().mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).sum();
    }

    static byte[] outcome(String eventId) {
        return ("{\"eventId\":\"" + eventId + "\",\"type\":\"call.inbound\",\"source\":\"test\",\"decision\":\"delivered\","
                + "\"processedAt\":\"" + Instant.now() + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static ProducerRecord<String, byte[]> deadLetter(String eventId) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topics.deadLetter(), eventId,
                ("{\"id\":\"" + eventId + "\"}").getBytes(StandardCharsets.UTF_8));
        Map.of("switchboard.error.code", "TEST_FAILURE", "switchboard.error.step", "delivery: create Lead",
                "switchboard.event.id", eventId, "switchboard.original.topic", topics.input().get(0),
                "switchboard.original.partition", "0", "switchboard.original.offset", "0")
                .forEach((k, v) -> r.headers().add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
        return r;
    }
}
