package io.switchboard.model;

/** Where a consumed Kafka record came from, with its value exactly as received (for the dead-letter topic). */
public record RecordOrigin(String topic, int partition, long offset, String key, byte[] value) {

    public String describe() {
        return topic + "/" + partition + "/" + offset;
    }
}
