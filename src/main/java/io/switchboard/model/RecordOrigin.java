package io.switchboard.model;

/**
 * Where a consumed Kafka record came from, with its value exactly as received (for the dead-letter topic).
 *
 * @param replayOf the dead letter this record replays ({@code topic/partition/offset} on the dead-letter topic), from
 *                 the record's {@code switchboard.replay.of} header; null for a record as its producer sent it
 */
public record RecordOrigin(String topic, int partition, long offset, String key, byte[] value, String replayOf) {

    /** The header naming the dead letter a replayed record replays. */
    public static final String REPLAY_OF_HEADER = "switchboard.replay.of";

    /** A record as its producer sent it, no replay. */
    public RecordOrigin(String topic, int partition, long offset, String key, byte[] value) {
        this(topic, partition, offset, key, value, null);
    }

    public String describe() {
        return topic + "/" + partition + "/" + offset;
    }
}
