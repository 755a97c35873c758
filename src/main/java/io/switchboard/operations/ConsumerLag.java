package io.switchboard.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The consumer group's lag per partition (records not yet consumed and committed), read from the broker every
 * {@code switchboard.metrics.lag-interval} and exported as {@code switchboard_consumer_lag{topic,partition}}. It
 * is read with an admin client of its own rather than from the consumers, so it is right whichever instance holds a
 * partition, and while consuming is paused.
 */
@Component
public class ConsumerLag implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

    /** One partition's position: its end offset and what the group has committed. */
    public record PartitionLag(String topic, int partition, long endOffset, long committed) {
        public long lag() {
            return Math.max(0, endOffset - committed);
        }
    }

    private final Admin admin;
    private final String group;
    private final MultiGauge gauge;
    private final AtomicReference<List<PartitionLag>> last = new AtomicReference<>(List.of());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "switchboard-consumer-lag");
        t.setDaemon(true);
        return t;
    });

    public ConsumerLag(@Value("${switchboard.kafka.bootstrap-servers}") String bootstrap,
                       @Value("${switchboard.kafka.group-id}") String group,
                       @Value("${switchboard.metrics.lag-interval:15s}") Duration interval, MeterRegistry meters) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "switchboard-lag");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        this.admin = Admin.create(config);
        this.group = group;
        this.gauge = MultiGauge.builder("switchboard.consumer.lag").baseUnit("records")
                .description("Records of a partition the consumer group has not yet committed").register(meters);
        timer.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The lag as last read, by partition; empty until the group has committed something. */
    public List<PartitionLag> byPartition() {
        return last.get();
    }

    void refresh() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = latest.isEmpty() ? Map.of()
                    : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            List<PartitionLag> lags = committed.entrySet().stream()
                    .filter(e -> e.getValue() != null && ends.containsKey(e.getKey()))
                    .map(e -> new PartitionLag(e.getKey().topic(), e.getKey().partition(),
                            ends.get(e.getKey()).offset(), e.getValue().offset()))
                    .sorted(java.util.Comparator.comparing(PartitionLag::topic).thenComparing(PartitionLag::partition))
                    .toList();
            last.set(lags);
            gauge.register(lags.stream().map(l -> MultiGauge.Row.of(Tags.of("topic", l.topic(), "partition",
                    String.valueOf(l.partition())), l.lag())).collect(Collectors.toList()), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the broker is away: the last reading stays, and the next round tries again
            log.debug("Could not read the consumer group's lag: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
