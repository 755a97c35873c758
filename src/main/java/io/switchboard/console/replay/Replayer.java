package io.switchboard.console.replay;

import io.switchboard.console.ServiceTopics;
import io.switchboard.console.store.DeadLetterRow;
import io.switchboard.kafka.KafkaClients;
import io.switchboard.model.RecordOrigin;
import io.switchboard.model.Resolution;
import io.switchboard.signing.HeaderSignatures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Publishes a dead letter's original record again, unchanged (value and key, and the producer's own headers), to
 * the input topic it came from, with {@code switchboard.replay.of} naming the dead letter, so the new outcome links
 * back to it. The dead-letter headers ({@code switchboard.error.*} and the like) are not carried over: the record
 * goes back as its producer sent it.
 */
@Component
public class Replayer implements DisposableBean {

    /**
     * The service's own headers a replay needs: a review decision, with its signature (the dead letter kept them
     * only when the intake had verified them; the intake verifies them again).
     */
    private static final java.util.Set<String> KEPT = java.util.Set.of(Resolution.HEADER, Resolution.SIGNATURE_HEADER);

    /** What a replay published, or why it could not. */
    public record Result(boolean published, String detail) {
    }

    private final ServiceTopics topics;
    private final KafkaProducer<byte[], byte[]> producer;
    private final HeaderSignatures signatures;

    public Replayer(ServiceTopics topics, HeaderSignatures signatures, KafkaClients clients) {
        this.topics = topics;
        this.signatures = signatures;
        this.producer = clients.producer("switchboard-console-replay", new ByteArraySerializer(), new ByteArraySerializer(),
                Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000",
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000", ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"));
    }

    public Result replay(DeadLetterRow letter) {
        String topic = letter.originalTopic();
        if (topic == null || !topics.input().contains(topic)) {
            // the topic comes from a header: only the service's own input topics are written
            return new Result(false, "its original topic " + (topic == null ? "is unknown" : "'" + topic
                    + "' is not an input topic (switchboard.topics.input)"));
        }
        if ("true".equals(letter.headers().get("switchboard.value.replaced"))) {
            return new Result(false, "its value was too large for the dead-letter topic; read the original from "
                    + topic + " at partition " + letter.originalPartition() + ", offset " + letter.originalOffset());
        }
        List<Header> headers = new ArrayList<>();
        for (Map.Entry<String, String> h : letter.headers().entrySet()) {
            if (!h.getKey().startsWith("switchboard.") || KEPT.contains(h.getKey())) {
                headers.add(new RecordHeader(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8)));
            }
        }
        headers.add(new RecordHeader(RecordOrigin.REPLAY_OF_HEADER, letter.reference().getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader(HeaderSignatures.signatureHeader(RecordOrigin.REPLAY_OF_HEADER),
                signatures.sign(RecordOrigin.REPLAY_OF_HEADER, letter.reference(), letter.value())
                        .getBytes(StandardCharsets.UTF_8)));
        byte[] key = letter.key() == null ? null : letter.key().getBytes(StandardCharsets.UTF_8);
        try {
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, null, key, letter.value(), headers))
                    .get(20, TimeUnit.SECONDS);
            return new Result(true, "published to " + sent.topic() + "/" + sent.partition() + "/" + sent.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted while publishing");
        } catch (Exception e) {
            return new Result(false, "could not publish to " + topic + ": " + e.getMessage());
        }
    }

    @Override
    public void destroy() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
