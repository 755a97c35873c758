package io.switchboard.delivery;

import java.util.HashMap;
import java.util.Map;

/**
 * What one batch has written so far, by key: a new person's identity, an activity's key, a note's title. The
 * plans of a batch are made before any write, so the second event of a new person or of one conversation learns
 * here that its record exists already.
 */
final class BatchMemory {

    private record Written(String id, String version) {
    }

    private final Map<String, Written> byKey = new HashMap<>();

    /** The id already written under this write's key in the batch, or null. */
    String written(PlannedWrite write) {
        Written w = write.key() == null ? null : byKey.get(write.ref() + "/" + write.sObject() + "/" + write.key());
        return w == null ? null : w.id();
    }

    /** True when the batch already wrote a later version than this write's. */
    boolean isNewer(PlannedWrite write) {
        Written w = byKey.get(write.ref() + "/" + write.sObject() + "/" + write.key());
        return w != null && w.version() != null && write.version() != null && w.version().compareTo(write.version()) > 0;
    }

    void remember(PlannedWrite write, String id) {
        if (write.key() != null && id != null) {
            byKey.merge(write.ref() + "/" + write.sObject() + "/" + write.key(), new Written(id, write.version()),
                    (old, now) -> old.version() != null && now.version() != null && old.version().compareTo(now.version()) > 0
                            ? old : now);
        }
    }
}
