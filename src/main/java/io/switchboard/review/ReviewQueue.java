package io.switchboard.review;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * This instance's view of the review queue: every interaction's latest state, read from the compacted queue topic
 * from its beginning, and the latest audit entries, read from the audit topic. Kafka is the truth, so the queue
 * survives restarts and every instance sees the same one; the view is rebuilt whenever its reader starts.
 */
@Component
public class ReviewQueue implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReviewQueue.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final ReviewKafka kafka;
    private final ReviewProperties properties;
    private final ObjectMapper json;
    private final Map<String, ReviewItem> items = new ConcurrentHashMap<>();
    private final Deque<AuditEntry> audit = new ArrayDeque<>();
    private volatile Reader reader;
    private volatile boolean caughtUp;

    ReviewQueue(ReviewKafka kafka, ReviewProperties properties, ObjectMapper json) {
        this.kafka = kafka;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public void afterPropertiesSet() {
        start();
    }

    /** Starts reading the queue from its beginning; the view is empty until the reader has caught up. */
    public synchronized void start() {
        if (reader != null) {
            return;
        }
        items.clear();
        synchronized (audit) {
            audit.clear();
        }
        caughtUp = false;
        reader = new Reader();
        Thread thread = new Thread(reader, "switchboard-review-view");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the reader; {@link #start()} rebuilds the view from Kafka. */
    public synchronized void stop() {
        Reader running = reader;
        reader = null;
        if (running != null) {
            running.stop();
        }
    }

    @Override
    public void destroy() {
        stop();
    }

    /** Whether the view has read the queue up to where it ended when the reader started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Waiting interactions, oldest first. */
    public List<ReviewItem> waiting() {
        return items.values().stream().filter(ReviewItem::waiting)
                .sorted(Comparator.comparing(ReviewItem::heldAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    /** Every interaction in the queue, waiting or resolved and on its way, oldest first. */
    public List<ReviewItem> all() {
        return items.values().stream()
                .sorted(Comparator.comparing(ReviewItem::heldAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    public Optional<ReviewItem> item(String eventId) {
        return eventId == null ? Optional.empty() : Optional.ofNullable(items.get(eventId));
    }

    boolean contains(String eventId) {
        return items.containsKey(eventId);
    }

    /** The latest audit entries, newest first; of one interaction when {@code eventId} is given. */
    public List<AuditEntry> audit(String eventId, int limit) {
        List<AuditEntry> out = new ArrayList<>();
        synchronized (audit) {
            for (var it = audit.descendingIterator(); it.hasNext() && out.size() < limit; ) {
                AuditEntry e = it.next();
                if (eventId == null || eventId.equals(e.eventId())) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** What a write to the queue topic does to the view: this instance applies its own writes at once. */
    void apply(String eventId, ReviewItem state) {
        if (state == null) {
            items.remove(eventId);
        } else {
            items.put(eventId, state);
        }
    }

    private void read(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(properties.topic())) {
                apply(record.key(), record.value() == null ? null : json.readValue(record.value(), ReviewItem.class));
            } else if (record.value() != null) {
                AuditEntry entry = json.readValue(record.value(), AuditEntry.class);
                synchronized (audit) {
                    audit.addLast(entry);
                    while (audit.size() > properties.auditKept()) {
                        audit.removeFirst();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // a record this version cannot read (written by hand, or by another version) is passed over, not fatal
            log.warn("Passed over an unreadable record on {} at offset {}: {}", record.topic(), record.offset(),
                    e.getClass().getSimpleName());
        }
    }

    /**
     * The topics' partitions. A topic created a moment ago (the first start on a new cluster) shows its partitions
     * in the broker's metadata a moment later: waited for, briefly, rather than reported as a failure; past
     * {@link #TOPIC_METADATA_WAIT} what is known is taken, and a read without partitions fails and says so.
     */
    private static List<TopicPartition> partitionsOf(KafkaConsumer<String, byte[]> c, List<String> topics)
            throws InterruptedException {
        long deadline = System.nanoTime() + TOPIC_METADATA_WAIT.toNanos();
        while (true) {
            List<TopicPartition> partitions = new ArrayList<>();
            boolean all = true;
            for (String topic : topics) {
                var known = c.partitionsFor(topic);
                all &= known != null && !known.isEmpty();
                if (known != null) {
                    known.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            if (all || System.nanoTime() > deadline) {
                return partitions;
            }
            Thread.sleep(200);
        }
    }

    private static final Duration TOPIC_METADATA_WAIT = Duration.ofSeconds(30);

    /** Reads both topics from their beginnings, without a consumer group; retries while Kafka is away. */
    private final class Reader implements Runnable {

        private volatile boolean running = true;
        private volatile KafkaConsumer<String, byte[]> consumer;

        @Override
        public void run() {
            while (running) {
                try (KafkaConsumer<String, byte[]> c = kafka.viewConsumer()) {
                    consumer = c;
                    kafka.ensureTopics();
                    List<TopicPartition> partitions = partitionsOf(c, List.of(properties.topic(), properties.auditTopic()));
                    c.assign(partitions);
                    c.seekToBeginning(partitions);
                    Map<TopicPartition, Long> end = c.endOffsets(partitions);
                    while (running) {
                        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                            if (reader != this) {
                                return;
                            }
                            read(r);
                        }
                        if (reader == this && !caughtUp && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                            caughtUp = true;
                            log.info("Review queue read: {} interactions, {} waiting", items.size(), waiting().size());
                        }
                    }
                } catch (WakeupException | InterruptedException stopping) {
                    return;
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    log.warn("Reading the review queue failed ({}); trying again in {} s", e.getMessage(),
                            RETRY.toSeconds());
                    try {
                        Thread.sleep(RETRY.toMillis());
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }

        void stop() {
            running = false;
            KafkaConsumer<String, byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }
    }
}
