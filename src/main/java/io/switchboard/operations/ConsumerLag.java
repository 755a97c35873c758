package io.switchboard.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.switchboard.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How far the service's consumer group is behind on each partition of the input topics (records not yet consumed
 * and committed), read from the broker every {@code switchboard.metrics.lag-interval}: exported as
 * {@code switchboard_consumer_lag{topic,partition}} and shown on the console's overview ({@link #read()}). It is
 * read with an admin client of its own rather than from the consumers, so it is right whichever instance holds a
 * partition, and while consuming is paused.
 */
@Component
public class ConsumerLag implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    /** One partition: the group's committed offset (-1: none yet), the end of the partition, the difference. */
    public record PartitionLag(String topic, int partition, long committed, long end, long lag) {
    }

    /** The lag of every partition as last read, or why it could not be read. */
    public record Lags(List<PartitionLag> partitions, long total, String problem) {
    }

    private final Admin admin;
    private final String group;
    private final List<String> input;
    private final MultiGauge gauge;
    private final AtomicReference<Lags> last = new AtomicReference<>(new Lags(List.of(), 0, "not read yet"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "switchboard-consumer-lag");
        t.setDaemon(true);
        return t;
    });

    public ConsumerLag(KafkaClients clients, @Value("${switchboard.kafka.group-id}") String group,
                       @Value("${switchboard.topics.input}") String input,
                       @Value("${switchboard.metrics.lag-interval:15s}") Duration interval, MeterRegistry meters) {
        this.admin = clients.admin("switchboard-lag", Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
        this.group = group;
        this.input = Arrays.stream(input.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        this.gauge = MultiGauge.builder("switchboard.consumer.lag").baseUnit("records")
                .description("Records of a partition the consumer group has not yet committed").register(meters);
        timer.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The lag as last read (every switchboard.metrics.lag-interval), by partition, with its total. */
    public Lags read() {
        return last.get();
    }

    void refresh() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(input).allTopicNames().get(10, TimeUnit.SECONDS).values().forEach(d ->
                    d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
            var ends = partitions.isEmpty() ? Map.<TopicPartition, org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo>of()
                    : admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get(10, TimeUnit.SECONDS);
            List<PartitionLag> lags = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                long end = ends.get(tp).offset();
                long at = c == null ? -1 : c.offset();
                lags.add(new PartitionLag(tp.topic(), tp.partition(), at, end, Math.max(0, end - Math.max(0, at))));
            }
            lags.sort(Comparator.comparing(PartitionLag::topic).thenComparing(PartitionLag::partition));
            last.set(new Lags(List.copyOf(lags), lags.stream().mapToLong(PartitionLag::lag).sum(), null));
            gauge.register(lags.stream().map(l -> MultiGauge.Row.of(Tags.of("topic", l.topic(), "partition",
                    String.valueOf(l.partition())), l.lag())).collect(Collectors.toList()), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the broker is away: the gauge keeps its last reading, the console says why, the next round tries again
            Lags before = last.get();
            last.set(new Lags(before.partitions(), before.total(), "the broker did not answer: " + e.getMessage()));
            log.debug("Could not read the consumer group's lag: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
