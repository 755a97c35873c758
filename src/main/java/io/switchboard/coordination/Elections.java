package io.switchboard.coordination;

import io.switchboard.kafka.KafkaClients;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Elections of the parts that run once per service. Each part has a consumer group of its own,
 * {@code <switchboard.kafka.group-id>.<role>}, on the one-partition coordination topic; instances sharing the
 * service's group id are one service.
 */
@Component
public class Elections {

    private final CoordinationProperties properties;
    private final KafkaClients clients;
    private final String service;

    Elections(CoordinationProperties properties, KafkaClients clients,
              @Value("${switchboard.kafka.group-id}") String service) {
        this.properties = properties;
        this.clients = clients;
        this.service = service;
    }

    /**
     * Joins the election of {@code role} (e.g. {@code change-feed}): {@code part} is told when this instance leads
     * and when it must stop. Returns at once; close the election to leave it.
     */
    public LeaderElection join(String role, Leadership part) {
        String groupId = groupId(role);
        return new LeaderElection(role, properties.topic(), () -> clients.consumer(groupId + "-election",
                new ByteArrayDeserializer(), new ByteArrayDeserializer(), consumerProperties(groupId)), this::ensureTopic, part)
                .start();
    }

    public String groupId(String role) {
        return service + "." + role;
    }

    /**
     * The election consumer's own settings (the connection's come from the service's Kafka clients). Elections need no records: what
     * counts is the group's assignment, and how soon a silent member's session ends.
     */
    Map<String, Object> consumerProperties(String groupId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        // never auto-created with the broker's default partition count: ensureTopic makes it with one
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        // sticky: the leader keeps the partition while others join; cooperative: revoked before reassigned
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        int session = (int) properties.sessionTimeout().toMillis();
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(500, session / 5));
        return p;
    }

    /** Creates the coordination topic, with one partition, when it is missing. */
    void ensureTopic() {
        try (Admin admin = clients.admin("switchboard-coordination", Map.of())) {
            if (admin.listTopics().names().get().contains(properties.topic())) {
                return;
            }
            try {
                admin.createTopics(List.of(new NewTopic(properties.topic(), 1, (short) -1))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + properties.topic(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }
}
