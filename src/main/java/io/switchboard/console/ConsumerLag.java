package io.switchboard.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** How far the service's consumer group is behind, per partition of the input topics. */
@Component("consoleConsumerLag")
public class ConsumerLag implements DisposableBean {

    /** One partition: the group's committed offset (-1: none yet), the end of the partition, the difference. */
    public record PartitionLag(String topic, int partition, long committed, long end, long lag) {
    }

    /** The lag of every partition, or why it could not be read. */
    public record Lags(List<PartitionLag> partitions, long total, String problem) {
    }

    private final ServiceTopics topics;
    private final Admin admin;

    public ConsumerLag(ServiceTopics topics) {
        this.topics = topics;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "switchboard-console-lag");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        this.admin = Admin.create(p);
    }

    public Lags read() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(topics.groupId())
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(topics.input()).allTopicNames().get(5, TimeUnit.SECONDS).values().forEach(d ->
                    d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
            var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                    .all().get(5, TimeUnit.SECONDS);
            List<PartitionLag> out = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                long end = ends.get(tp).offset();
                long at = c == null ? -1 : c.offset();
                out.add(new PartitionLag(tp.topic(), tp.partition(), at, end, Math.max(0, end - Math.max(0, at))));
            }
            out.sort(Comparator.comparing(PartitionLag::topic).thenComparing(PartitionLag::partition));
            return new Lags(out, out.stream().mapToLong(PartitionLag::lag).sum(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Lags(List.of(), 0, "interrupted");
        } catch (Exception e) {
            return new Lags(List.of(), 0, "the broker did not answer: " + e.getMessage());
        }
    }

    @Override
    public void destroy() {
        admin.close(java.time.Duration.ofSeconds(2));
    }
}
