package io.switchboard.model;

import java.util.List;

/**
 * Where a consumed Kafka record came from, with its value and its own headers exactly as received (for the
 * dead-letter topic: a CloudEvents binary-mode record keeps its attributes in {@code ce_*} headers, so a dead letter
 * without them could not be replayed).
 */
public record RecordOrigin(String topic, int partition, long offset, String key, byte[] value, List<Header> headers) {

    public RecordOrigin {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    public RecordOrigin(String topic, int partition, long offset, String key, byte[] value) {
        this(topic, partition, offset, key, value, List.of());
    }

    public String describe() {
        return topic + "/" + partition + "/" + offset;
    }

    /** One record header, its value as the bytes on the wire. */
    public record Header(String name, byte[] value) {
    }
}
