package io.switchboard.console.store;

import io.switchboard.console.ConsoleProperties;
import io.switchboard.console.ServiceTopics;
import io.switchboard.kafka.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
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
 * within a minute, and so is a topic deleted and made again, or another cluster behind the same bootstrap setting
 * ({@link StoreSource}: the store is rebuilt from the topics).
 */
@Component
public class TopicFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TopicFeed.class);
    private static final Duration REFRESH = Duration.ofSeconds(60);

    private final FeedWriter writer;
    private final StoreSource source;
    private final ServiceTopics topics;
    private final ConsoleProperties properties;
    private final KafkaClients clients;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Admin admin;
    private volatile Thread thread;
    private volatile boolean running;

    public TopicFeed(FeedWriter writer, StoreSource source, ServiceTopics topics, ConsoleProperties properties,
                     KafkaClients clients) {
        this.writer = writer;
        this.source = source;
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
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500",
                        // a position the topic no longer has (its retention went past it) reads on from the oldest
                        // record kept
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        admin = clients.admin("switchboard-console-admin-" + properties.instance(), Map.of());
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

    /**
     * The Admin client that tells the cluster's and the topics' ids, from the service's bootstrap setting. The one
     * place this feed builds it, so that the Kafka client settings of the deployment (security and the like) reach it
     * where the consumer's do.
     */
    /**
     * Every partition of every topic, positioned where the store left it, or at the beginning; first, the store is
     * rebuilt if its rows came from another cluster or from a topic since deleted and made again.
     */
    private void assign() throws InterruptedException {
        checkSource();
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

    private void checkSource() throws InterruptedException {
        try {
            String cluster = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            Map<String, String> ids = new LinkedHashMap<>();
            for (Map.Entry<String, KafkaFuture<TopicDescription>> t
                    : admin.describeTopics(topics.all()).topicNameValues().entrySet()) {
                try {
                    ids.put(t.getKey(), t.getValue().get(30, TimeUnit.SECONDS).topicId().toString());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    // not there (yet): nothing of it to compare
                }
            }
            source.check(cluster, ids);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the Kafka cluster's and topics' ids: "
                    + (e.getCause() == null ? e : e.getCause()), e);
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
        admin.close(Duration.ofSeconds(2));
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
