package io.switchboard.kafka;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the service's Kafka cluster is and how to reach it, for every client of the service (the Camel component
 * included): {@code switchboard.kafka.bootstrap-servers} and {@code switchboard.kafka.properties.*}, raw Kafka
 * client settings given to each producer, consumer and admin client, the way Spring Boot's
 * {@code spring.kafka.properties.*} are. They are for the connection (security.protocol, sasl.*, ssl.*,
 * client.dns.lookup, ...); each client's own settings (acks, serializers, timeouts) stay the service's.
 *
 * @param bootstrapServers the brokers, comma-separated host:port
 * @param properties       raw client settings, e.g. {@code security.protocol: SASL_SSL}; none by default (PLAINTEXT)
 */
@ConfigurationProperties("switchboard.kafka")
public record KafkaConnection(String bootstrapServers, Map<String, String> properties) {

    public KafkaConnection {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }
}
