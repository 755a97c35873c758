package io.switchboard.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The fate of every consumed record, indexed by its origin ("topic/partition/offset"): the outcomes on
 * interactions.outcomes (their {@code origin}) and the dead letters on interactions.dlq (their
 * {@code switchboard.original.*} headers). Its own consumer, so that records of any key (null, invalid UTF-8) and
 * of any size are seen as bytes, and so that a look-up costs a map access, not a scan of every record so far.
 */
final class Fates implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Fates instance;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, List<JsonNode>> outcomes = new ConcurrentHashMap<>();
    private final Map<String, List<ConsumerRecord<byte[], byte[]>>> deadLetters = new ConcurrentHashMap<>();
    private final List<String> unreadableOutcomes = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    private Fates(String bootstrap, String outcomeTopic, String dlqTopic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "fuzz-fates-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(props);
        consumer.subscribe(List.of(outcomeTopic, dlqTopic));
        Thread thread = new Thread(() -> poll(outcomeTopic), "fuzz-fates");
        thread.setDaemon(true);
        thread.start();
    }

    static synchronized Fates watching(String bootstrap, String outcomeTopic, String dlqTopic) {
        if (instance == null) {
            instance = new Fates(bootstrap, outcomeTopic, dlqTopic);
        }
        return instance;
    }

    static String origin(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    private void poll(String outcomeTopic) {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.topic().equals(outcomeTopic)) {
                        try {
                            JsonNode outcome = JSON.readTree(r.value());
                            JsonNode o = outcome.path("origin");
                            outcomes.computeIfAbsent(origin(o.path("topic").asText(), o.path("partition").asInt(-1),
                                    o.path("offset").asLong(-1)), k -> new CopyOnWriteArrayList<>()).add(outcome);
                        } catch (IOException | RuntimeException e) {
                            unreadableOutcomes.add(r.topic() + "/" + r.partition() + "/" + r.offset() + ": " + e);
                        }
                    } else {
                        String key = origin(header(r, "switchboard.original.topic"),
                                parseInt(header(r, "switchboard.original.partition")),
                                parseLong(header(r, "switchboard.original.offset")));
                        deadLetters.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(r);
                    }
                }
            }
        } catch (WakeupException stopping) {
            // closing
        } finally {
            consumer.close();
        }
    }

    List<JsonNode> outcomes(String origin) {
        return outcomes.getOrDefault(origin, List.of());
    }

    List<ConsumerRecord<byte[], byte[]>> deadLetters(String origin) {
        return deadLetters.getOrDefault(origin, List.of());
    }

    /** Outcome records that are not JSON (an outcome must always be readable). */
    List<String> unreadableOutcomes() {
        return new ArrayList<>(unreadableOutcomes);
    }

    static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
