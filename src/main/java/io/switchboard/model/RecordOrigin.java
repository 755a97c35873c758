package io.switchboard.model;

import java.util.List;

/**
 * Where a consumed Kafka record came from, with its value and its own headers exactly as received (for the
 * dead-letter topic: a CloudEvents binary-mode record keeps its attributes in {@code ce_*} headers, so a dead letter
 * without them could not be replayed).
 *
 * @param replayOf the dead letter this record replays ({@code topic/partition/offset} on the dead-letter topic), from
 *                 the record's {@code switchboard.replay.of} header; null for a record as its producer sent it
 */
public record RecordOrigin(String topic, int partition, long offset, String key, byte[] value, List<Header> headers,
                           String replayOf) {

    /** The header naming the dead letter a replayed record replays. */
    public static final String REPLAY_OF_HEADER = "switchboard.replay.of";

    public RecordOrigin {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }

    /** A record with its headers, no replay. */
    public RecordOrigin(String topic, int partition, long offset, String key, byte[] value, List<Header> headers) {
        this(topic, partition, offset, key, value, headers, null);
    }

    /** A record as its producer sent it, no headers, no replay. */
    public RecordOrigin(String topic, int partition, long offset, String key, byte[] value) {
        this(topic, partition, offset, key, value, List.of(), null);
    }

    public String describe() {
        return topic + "/" + partition + "/" + offset;
    }

    /** One record header, its value as the bytes on the wire. */
    public record Header(String name, byte[] value) {
    }
}
