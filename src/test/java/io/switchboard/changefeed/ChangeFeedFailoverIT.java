package io.switchboard.changefeed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.SwitchboardApplication;
import io.switchboard.coordination.Elections;
import io.switchboard.emulator.Org;
import io.switchboard.review.Rematch;
import io.switchboard.testing.EndToEndTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of the service on one broker and the emulated org: exactly one runs the change feed (and the review
 * queue's timed re-match); when it stops, the other takes over within seconds and goes on from the stored replay
 * position and the records' state in the feed's topics, so every change made meanwhile is published once, with no
 * snapshot and no record read again. A second service context costs its start (tens of seconds); it is the point.
 */
class ChangeFeedFailoverIT extends EndToEndTest {

    private static final Duration FEED = Duration.ofSeconds(60);
    /** A clean stop hands over at once; what the other instance then does (read its state, subscribe) is the rest. */
    private static final Duration TAKEOVER = Duration.ofSeconds(20);

    @Autowired
    FeedSubscriptions subscriptions;
    @Autowired
    FeedSnapshots snapshots;
    @Autowired
    FeedStatus status;
    @Autowired
    ChangeFeedProperties properties;
    @Autowired
    Elections elections;
    @Autowired
    Rematch rematch;

    private final Org org = bed.salesforce().org();

    @Test
    void oneInstanceRunsTheFeedAndAnotherTakesOverFromItsPositionWhenItStops() {
        // this (the shared) instance joined first and runs the feed; every object has a stored position
        await().atMost(FEED).until(() -> subscriptions.leading()
                && properties.fedObjects().stream().noneMatch(snapshots::running));
        String tag = unique("failover");
        String account = org.insert("Account", Map.of("Name", tag));
        String contact = org.insert("Contact", Map.of("LastName", "Before", "AccountId", account,
                "Email", tag + "@example.com"));
        String lead = org.insert("Lead", Map.of("LastName", "Before", "Company", tag));
        awaitRecord(properties.topics().accounts(), account, r -> r != null);
        awaitRecord(properties.topics().people(), contact, r -> r != null);
        awaitRecord(properties.topics().people(), lead, r -> r != null);
        long snapshotRecords = snapshotRecords();
        long requests = status.requestsSpent();

        // this instance leaves: nobody runs the feed while the other starts, and the org changes meanwhile
        subscriptions.leaveElection();
        assertThat(subscriptions.leading()).isFalse();
        await().atMost(FEED).until(() -> bed.salesforce().pubSub().openSubscriptions() == 0);
        org.modify("Contact", contact, Map.of("LastName", "WhileNobodyRan"));

        ConfigurableApplicationContext second = secondInstance();
        try {
            FeedSubscriptions secondFeed = second.getBean(FeedSubscriptions.class);
            FeedStatus secondStatus = second.getBean(FeedStatus.class);
            Rematch secondRematch = second.getBean(Rematch.class);
            await().atMost(FEED).until(secondFeed::leading);
            JsonNode applied = awaitRecord(properties.topics().people(), contact,
                    r -> r != null && "WhileNobodyRan".equals(r.path("lastName").asText()));
            assertThat(applied.path("origin").asText())
                    .as("applied to the state rebuilt from the topic, not read again").isEqualTo("change");
            assertThat(applied.path("company").path("name").asText()).isEqualTo(tag);

            // this instance comes back as a standby, beside the one running the feed (and the timed re-match)
            subscriptions.joinElection();
            rematch.schedule(Duration.ofSeconds(1));
            await().atMost(FEED).until(() -> members(elections.groupId(FeedSubscriptions.ROLE)) == 2
                    && members(elections.groupId("review-rematch")) == 2);
            assertThat(subscriptions.leading()).isFalse();
            assertThat(secondFeed.leading()).isTrue();
            assertThat(bed.salesforce().pubSub().openSubscriptions()).as("only the leader subscribes")
                    .isEqualTo(properties.fedObjects().size());
            assertThat(status.objects().values()).allSatisfy(s -> assertThat(s.phase()).isEqualTo(FeedStatus.Phase.STANDBY));
            assertThat(secondRematch.timerRuns()).as("the re-match timer runs on one instance").isTrue();
            assertThat(rematch.timerRuns()).isFalse();

            org.modify("Lead", lead, Map.of("LastName", "WhileTheOtherRan"));
            awaitRecord(properties.topics().people(), lead, r -> r != null && "WhileTheOtherRan".equals(r.path("lastName").asText()));
            assertThat(secondStatus.requestsSpent()).as("no snapshot, no record read again").isZero();
        } finally {
            // a real stop of the instance running the feed; the org changes during the failover
            second.close();
        }
        long stopped = System.nanoTime();
        org.modify("Contact", contact, Map.of("LastName", "DuringTheFailover"));
        org.modify("Account", account, Map.of("Phone", "+1 415 555 0199"));
        try {
            await().atMost(TAKEOVER).until(subscriptions::leading);
            await().atMost(TAKEOVER).until(rematch::timerRuns);
            awaitRecord(properties.topics().people(), contact,
                    r -> r != null && "DuringTheFailover".equals(r.path("lastName").asText()));
            awaitRecord(properties.topics().accounts(), account, r -> r != null && r.path("phones").size() == 1);
            Duration took = Duration.ofNanos(System.nanoTime() - stopped);
            assertThat(took).as("from the stop to the change published by the other").isLessThan(TAKEOVER);

            List<FeedTopicReader.Published> people = FeedTopicReader.all(bed.bootstrapServers(), properties.topics().people());
            assertThat(versions(people, contact, "WhileNobodyRan")).as("published once").isEqualTo(1);
            assertThat(versions(people, contact, "DuringTheFailover")).as("published once").isEqualTo(1);
            assertThat(versions(people, lead, "WhileTheOtherRan")).as("published once").isEqualTo(1);
            assertThat(snapshotRecords()).as("no snapshot on either instance").isEqualTo(snapshotRecords);
            assertThat(status.requestsSpent()).as("no record read again after the takeover").isEqualTo(requests);
            assertThat(status.objects().get("Contact").phase()).isEqualTo(FeedStatus.Phase.STREAMING);
        } finally {
            rematch.stopTimer();
            subscriptions.joinElection();
        }
    }

    private static ConfigurableApplicationContext secondInstance() {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.jmx.default-domain=second-feed",
                "--camel.main.name=switchboard-second-feed", "--spring.application.name=switchboard-second-feed"));
        Map<String, String> settings = new java.util.LinkedHashMap<>(bed.properties());
        // the re-match timer on: it too runs on one instance only
        settings.put("switchboard.review.rematch-interval", "1s");
        settings.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return new SpringApplicationBuilder(SwitchboardApplication.class).run(arguments.toArray(String[]::new));
    }

    private static int members(String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bed.bootstrapServers()))) {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().size();
        } catch (Exception e) {
            return -1;
        }
    }

    /** How many versions of a person with this last name the topic holds. */
    private static long versions(List<FeedTopicReader.Published> published, String id, String lastName) {
        String key = FeedRecords.key(id);
        return published.stream().filter(p -> key.equals(p.key()) && p.value() != null
                && lastName.equals(p.value().path("lastName").asText())).count();
    }

    private long snapshotRecords() {
        long n = 0;
        for (String topic : List.of(properties.topics().people(), properties.topics().accounts())) {
            n += FeedTopicReader.all(bed.bootstrapServers(), topic).stream()
                    .filter(p -> p.value() != null && "snapshot".equals(p.value().path("origin").asText())).count();
        }
        return n;
    }

    private static JsonNode awaitRecord(String topic, String id, java.util.function.Predicate<JsonNode> fits) {
        String key = FeedRecords.key(id);
        JsonNode[] found = new JsonNode[1];
        await().atMost(FEED).pollInterval(Duration.ofMillis(300)).until(() -> {
            Map<String, JsonNode> state = FeedTopicReader.finalState(bed.bootstrapServers(), topic);
            found[0] = state.get(key);
            return state.containsKey(key) && fits.test(found[0]);
        });
        return found[0];
    }
}
