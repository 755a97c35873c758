package io.switchboard.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Builds every Kafka client of the service, so that each reaches the cluster the same way: the connection of
 * {@link KafkaConnection} (brokers, security) first, then what the caller's client needs of its own (acks,
 * timeouts, group), which the connection's properties never override. A client added to the service is built
 * here: {@code clients.producer("switchboard-x", keySerializer, valueSerializer, Map.of(ProducerConfig.ACKS_CONFIG,
 * "all"))}, likewise {@link #consumer} and {@link #admin}. The Camel Kafka component gets the same connection
 * ({@link CamelKafkaConnection}).
 */
@Component
public class KafkaClients implements DisposableBean {

    private final KafkaConnection connection;
    // installed before any client exists: the first clients are built while the context is still being created
    private final RepeatedRefusals refusals = RepeatedRefusals.install();

    public KafkaClients(KafkaConnection connection) {
        this.connection = connection;
        if (connection.bootstrapServers() == null || connection.bootstrapServers().isBlank()) {
            throw new IllegalArgumentException("switchboard.kafka.bootstrap-servers is not set: name the Kafka brokers "
                    + "(host:port, comma-separated), e.g. SWITCHBOARD_KAFKA_BOOTSTRAPSERVERS=broker:9092");
        }
        if (connection.properties().containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            throw new IllegalArgumentException("switchboard.kafka.properties.bootstrap.servers is set: name the brokers "
                    + "in switchboard.kafka.bootstrap-servers instead (the one setting every client reads)");
        }
    }

    /** The brokers, as switchboard.kafka.bootstrap-servers names them. */
    public String bootstrapServers() {
        return connection.bootstrapServers();
    }

    /** The connection's raw client settings (security and the like), without the brokers. */
    public Map<String, Object> connectionProperties() {
        return new HashMap<>(connection.properties());
    }

    /** What every client starts from: the brokers and the connection's properties. */
    public Properties common() {
        Properties p = new Properties();
        p.putAll(connection.properties());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
        return p;
    }

    public <K, V> KafkaProducer<K, V> producer(String clientId, Serializer<K> keys, Serializer<V> values,
                                               Map<String, Object> own) {
        return new KafkaProducer<>(with(clientId, own), keys, values);
    }

    public <K, V> KafkaConsumer<K, V> consumer(String clientId, Deserializer<K> keys, Deserializer<V> values,
                                               Map<String, Object> own) {
        return new KafkaConsumer<>(with(clientId, own), keys, values);
    }

    public Admin admin(String clientId, Map<String, Object> own) {
        return Admin.create(with(clientId, own));
    }

    /** The log filter for the clients' repeated refusals (null without Logback), which the connection check drives. */
    RepeatedRefusals refusals() {
        return refusals;
    }

    @Override
    public void destroy() {
        if (refusals != null) {
            refusals.uninstall();
        }
    }

    private Properties with(String clientId, Map<String, Object> own) {
        Properties p = common();
        p.putAll(own);
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return p;
    }
}
