package io.switchboard.fuzz;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Publishes raw records (any key and value bytes, null included), optionally to a chosen partition. */
final class Records {

    private static Records instance;
    private final KafkaProducer<byte[], byte[]> producer;

    private Records(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props);
        Runtime.getRuntime().addShutdownHook(new Thread(producer::close));
    }

    static synchronized Records to(String bootstrap) {
        if (instance == null) {
            instance = new Records(bootstrap);
        }
        return instance;
    }

    /** Sends and waits for the broker's acknowledgement; the metadata names the record's partition and offset. */
    RecordMetadata send(String topic, Integer partition, byte[] key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic + " (" + (value == null ? 0 : value.length)
                    + " bytes)", e);
        }
    }
}
