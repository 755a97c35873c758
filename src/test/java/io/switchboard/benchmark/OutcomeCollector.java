package io.switchboard.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the outcome topic from its start, in the background, and notes when the first outcome of each event id
 * arrived ({@link System#nanoTime()}, the clock publish times are taken with) and its decision. A replayed
 * event's second outcome is ignored: latency runs to the first.
 */
final class OutcomeCollector implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first outcome of an event: when, the decision, whether a person matched, whether one was created. */
    record Arrival(long nanos, String decision, boolean matched, boolean createdPerson) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    OutcomeCollector(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // answer a fetch as soon as one outcome is there, so polling adds as little as possible to the latency
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::poll, "bench-outcomes");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    note(record.value(), now);
                }
            }
        } catch (WakeupException stopping) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void note(byte[] value, long now) {
        try {
            JsonNode outcome = JSON.readTree(value);
            String id = outcome.path("eventId").asText(null);
            if (id != null) {
                boolean created = false;
                for (JsonNode record : outcome.path("records")) {
                    String object = record.path("object").asText();
                    created |= "created".equals(record.path("action").asText())
                            && (object.equals("Lead") || object.equals("Contact"));
                }
                boolean matched = outcome.hasNonNull("matched") && outcome.path("matched").hasNonNull("id");
                arrivals.putIfAbsent(id, new Arrival(now, outcome.path("decision").asText("?"), matched, created));
            }
        } catch (IOException notJson) {
            // not an outcome of ours
        }
    }

    Arrival arrival(String eventId) {
        return arrivals.get(eventId);
    }

    long arrived(Collection<String> eventIds) {
        return eventIds.stream().filter(arrivals::containsKey).count();
    }

    /** Waits until every id has an outcome or the deadline passes; true if all arrived. */
    boolean awaitAll(Collection<String> eventIds, long deadlineNanos) {
        // the ids still waiting shrink as outcomes arrive, so each check costs what is left, not the whole run
        java.util.Set<String> waiting = new java.util.HashSet<>(eventIds);
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            try {
                org.awaitility.Awaitility.await().atMost(Duration.ofNanos(left)).pollInterval(Duration.ofMillis(50))
                        .until(() -> {
                            waiting.removeIf(arrivals::containsKey);
                            return waiting.isEmpty();
                        });
            } catch (org.awaitility.core.ConditionTimeoutException timedOut) {
                // the caller reports how many arrived
            }
        }
        return arrived(eventIds) == eventIds.size();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
