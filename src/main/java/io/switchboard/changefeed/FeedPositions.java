package io.switchboard.changefeed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.kafka.KafkaClients;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where the feed is, per object, kept durably in its compacted state topic and read back at start: the replay id
 * of the last change event published (so a restart or crash resumes right after it), and a snapshot's progress
 * (the last id published, so a snapshot interrupted goes on from there). Each is stored only after the records it
 * covers were acknowledged by Kafka.
 */
@Component("feedPositions")
class FeedPositions {

    /**
     * @param replayId the Pub/Sub replay id (base64, as the Camel component gives it) of the last change published
     * @param storedAt when it was stored: older than the retention (72 h), Salesforce no longer has what follows it
     */
    record Position(String replayId, Instant storedAt) {
    }

    /**
     * @param lastId   the last record published (snapshot pages go in Id order); null before the first page
     * @param complete every page was published
     */
    record Snapshot(Instant startedAt, String lastId, long published, long total, boolean complete) {
    }

    private final FeedTopics topics;
    private final ChangeFeedProperties properties;
    private final KafkaClients clients;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    private final Map<String, Position> positions = new ConcurrentHashMap<>();
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

    @Autowired
    FeedPositions(FeedTopics topics, ChangeFeedProperties properties, KafkaClients clients) {
        this(topics, properties, clients, Clock.systemUTC());
    }

    FeedPositions(FeedTopics topics, ChangeFeedProperties properties, KafkaClients clients, Clock clock) {
        this.topics = topics;
        this.properties = properties;
        this.clients = clients;
        this.clock = clock;
    }

    /** Reads the state topic from its start to its end: the last record of each key is the feed's state. */
    void load() {
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("switchboard-change-feed-state",
                new StringDeserializer(), new ByteArrayDeserializer(), Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(properties.topics().state(), Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = clock.instant().plusSeconds(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (clock.instant().isAfter(deadline)) {
                    throw new IllegalStateException("The change feed's state topic " + properties.topics().state()
                            + " could not be read to its end within a minute");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    remember(r.key(), r.value());
                }
            }
        }
    }

    private void remember(String key, byte[] value) {
        if (key == null) {
            return;
        }
        int slash = key.lastIndexOf('/');
        if (slash < 0) {
            return;
        }
        String object = key.substring(0, slash);
        String kind = key.substring(slash + 1);
        try {
            if (value == null) {
                (kind.equals("position") ? positions : snapshots).remove(object);
            } else if (kind.equals("position")) {
                positions.put(object, json.readValue(value, Position.class));
            } else if (kind.equals("snapshot")) {
                snapshots.put(object, json.readValue(value, Snapshot.class));
            }
        } catch (java.io.IOException e) {
            // a state record this version cannot read counts as none: the object is read afresh, which loses nothing
            org.slf4j.LoggerFactory.getLogger(FeedPositions.class).warn("Change feed: unreadable state record {}: {}", key, e.getMessage());
        }
    }

    Optional<Position> position(FeedObject object) {
        return Optional.ofNullable(positions.get(object.sObject));
    }

    Optional<Snapshot> snapshot(FeedObject object) {
        return Optional.ofNullable(snapshots.get(object.sObject));
    }

    /** Whether the stored position can be resumed: Salesforce keeps events for the retention only. */
    boolean resumable(FeedObject object) {
        return position(object).filter(p -> p.storedAt().plus(properties.retention()).isAfter(clock.instant())).isPresent();
    }

    /** The route's last step: the change just published is behind us. */
    public void advance(String object, String replayId) {
        if (replayId == null || replayId.isEmpty()) {
            return;
        }
        Position p = new Position(replayId, clock.instant());
        topics.putState(object + "/position", topics.bytes(p));
        positions.put(object, p);
    }

    void storeSnapshot(FeedObject object, Snapshot snapshot) {
        topics.putState(object.sObject + "/snapshot", topics.bytes(snapshot));
        snapshots.put(object.sObject, snapshot);
    }

    /** A new snapshot starts: the old position no longer says anything (it is older than what Salesforce keeps). */
    void forgetPosition(FeedObject object) {
        topics.putState(object.sObject + "/position", null);
        positions.remove(object.sObject);
    }

    Instant now() {
        return clock.instant();
    }

}
