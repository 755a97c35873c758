package io.switchboard.delivery;

import java.util.HashMap;
import java.util.Map;

/**
 * The changes earlier events of a batch plan for known people, kept apart from what was read from Salesforce: a
 * later event of the same person plans against both, as if the two had come in separate batches, so that
 * {@code fill} still fills only what is empty. One per batch; the values read stay as they were read.
 */
final class BatchChanges {

    private final Map<String, Map<String, Object>> read;
    private final Map<String, Map<String, Object>> planned = new HashMap<>();

    BatchChanges(Map<String, Map<String, Object>> read) {
        this.read = read;
    }

    /** The record's values as Salesforce holds them, with this batch's planned changes on top. */
    Map<String, Object> valuesOf(String recordId) {
        Map<String, Object> values = new HashMap<>(read.getOrDefault(recordId, Map.of()));
        values.putAll(planned.getOrDefault(recordId, Map.of()));
        return values;
    }

    void plan(String recordId, Map<String, Object> changes) {
        planned.computeIfAbsent(recordId, id -> new HashMap<>()).putAll(changes);
    }
}
