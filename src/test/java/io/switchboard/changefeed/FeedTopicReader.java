package io.switchboard.changefeed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a feed topic from its start to its end, as a producer building its contact list does. */
public final class FeedTopicReader {

    /** One record as published: its key and value (null: a tombstone). */
    public record Published(String key, JsonNode value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private FeedTopicReader() {
    }

    public static List<Published> all(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<Published> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        out.add(new Published(r.key(), r.value() == null ? null : JSON.readTree(r.value())));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("unreadable record on " + topic, e);
                    }
                }
            }
        }
        return out;
    }

    /** The topic's final state, as compaction keeps it: each key's last value; a tombstoned key maps to null. */
    public static Map<String, JsonNode> finalState(String bootstrap, String topic) {
        Map<String, JsonNode> state = new LinkedHashMap<>();
        for (Published p : all(bootstrap, topic)) {
            state.put(p.key(), p.value());
        }
        return state;
    }
}
