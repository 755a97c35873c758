package io.switchboard.console.store;

import io.switchboard.console.ConsoleProperties;
import io.switchboard.console.ServiceTopics;
import io.switchboard.kafka.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads the outcome, dead-letter and input topics into the store, every partition, from where the store left it
 * (the positions are kept in the store, with the rows). No consumer group: each instance reads everything, so every
 * instance's console shows the whole service, and there is no group to clean up. New partitions are picked up
 * within a minute.
 */
@Component
public class TopicFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicFeed.class);
    private static final Duration REFRESH = Duration.ofSeconds(60);

    private final FeedWriter writer;
    private final ServiceTopics topics;
    private final ConsoleProperties properties;
    private final KafkaClients clients;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    public TopicFeed(FeedWriter writer, ServiceTopics topics, ConsoleProperties properties, KafkaClients clients) {
        this.writer = writer;
        this.clients = clients;
        this.topics = topics;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (running || !properties.feed()) {
            return;
        }
        consumer = clients.consumer("switchboard-console-" + properties.instance(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500"));
        running = true;
        thread = new Thread(this::run, "console-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Instant assigned = Instant.EPOCH;
        while (running) {
            try {
                if (assigned.plus(REFRESH).isBefore(Instant.now())) {
                    assign();
                    assigned = Instant.now();
                }
                if (consumer.assignment().isEmpty()) {
                    assigned = Instant.EPOCH.plusSeconds(1);
                    Thread.sleep(1000);
                    continue;
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    writer.write(records);
                }
            } catch (WakeupException e) {
                // stopping
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                // the store or the broker failed: read again from what the store holds, after a breath
                log.warn("The console's store could not take the topics' latest records ({}); trying again", e.toString());
                assigned = Instant.EPOCH;
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Every partition of every topic, positioned where the store left it, or at the beginning. */
    private void assign() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics.all()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null) {
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
        }
        consumer.assign(partitions);
        Map<String, Long> positions = writer.positions();
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Long next = positions.get(tp.topic() + "/" + tp.partition());
            if (next == null) {
                fresh.add(tp);
            } else {
                consumer.seek(tp, next);
            }
        }
        if (!fresh.isEmpty()) {
            consumer.seekToBeginning(fresh);
        }
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
