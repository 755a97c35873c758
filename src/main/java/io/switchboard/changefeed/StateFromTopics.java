package io.switchboard.changefeed;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds what the feed remembers of each record ({@link FeedState}) from its own topics when it starts (a restart,
 * or an instance taking over from another), so that a change of a record the feed published before costs no
 * Salesforce request and no snapshot: every record's last version, in topic order, tombstones forgetting. Bounded by
 * {@code switchboard.change-feed.state-memory} as the state is.
 */
@Component
class StateFromTopics {

    private static final Logger LOG = LoggerFactory.getLogger(StateFromTopics.class);

    private final FeedState state;
    private final RecordShape shape;
    private final ChangeFeedProperties properties;
    private final KafkaClients clients;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    StateFromTopics(FeedState state, RecordShape shape, ChangeFeedProperties properties, KafkaClients clients) {
        this.state = state;
        this.shape = shape;
        this.properties = properties;
        this.clients = clients;
    }

    void rebuild() {
        long started = System.nanoTime();
        state.clear();
        List<String> topics = List.of(properties.topics().people(), properties.topics().accounts());
        long read = 0;
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("switchboard-change-feed-state",
                new StringDeserializer(), new ByteArrayDeserializer(), readerProperties())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long lastProgress = System.nanoTime();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                var polled = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> r : polled) {
                    read++;
                    remember(r);
                }
                if (!polled.isEmpty()) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(60).toNanos()) {
                    throw new IllegalStateException("the feed's topics " + String.join(", ", topics)
                            + " could not be read to their end (nothing came for a minute)");
                }
            }
        }
        LOG.info("Change feed: {} records remembered from {} ({} read) in {} ms", String.format("%,d", state.size()),
                String.join(" and ", topics), String.format("%,d", read), (System.nanoTime() - started) / 1_000_000);
    }

    private void remember(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return;
        }
        if (r.value() == null) {
            state.forget(r.key());
            return;
        }
        try {
            OrgRecord record = json.readValue(r.value(), OrgRecord.class);
            if (record.id() != null && record.object() != null) {
                state.remember(shape.fields(record));
            }
        } catch (java.io.IOException | RuntimeException e) {
            // a record this version cannot read is not remembered: its next change reads it again, losing nothing
            state.forget(r.key());
        }
    }

    /** The reader's own Kafka settings; the connection's come from the service's Kafka clients. */
    Map<String, Object> readerProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return p;
    }
}
