package io.switchboard.changefeed;

/** One record for a feed topic: the record's current state, or a tombstone ({@code record} null) for a deletion. */
record Publication(String topic, String key, OrgRecord record) {

    static Publication tombstone(String topic, String key) {
        return new Publication(topic, key, null);
    }
}
