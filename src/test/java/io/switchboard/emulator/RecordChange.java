package io.switchboard.emulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One committed change of one record, as Change Data Capture sees it: the record's fields before and after (typed
 * values as the store keeps them: String, Boolean, Long, Double, LocalDate, Instant, compound addresses as maps).
 * The org hands every committed transaction's changes, in order, to its change listener (see
 * {@link Org#onCommit}); the Pub/Sub server turns them into change events.
 *
 * @param before  the fields before the change; null for a create
 * @param after   the fields after the change (a deleted record's have IsDeleted true)
 * @param origin  the API the change came through ("com/salesforce/api/rest/62.0"), empty for the org's own test API
 * @param userId  the user who made the change
 */
public record RecordChange(String objectName, String recordId, Map<String, Object> before, Map<String, Object> after,
                           String origin, String userId) {

    public RecordChange {
        before = before == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(before));
        after = Collections.unmodifiableMap(new LinkedHashMap<>(after));
    }

    public enum Kind { CREATE, UPDATE, DELETE, UNDELETE }

    public Kind kind() {
        boolean deletedAfter = Boolean.TRUE.equals(after.get("IsDeleted"));
        if (before == null) {
            return Kind.CREATE;
        }
        boolean deletedBefore = Boolean.TRUE.equals(before.get("IsDeleted"));
        if (!deletedBefore && deletedAfter) {
            return Kind.DELETE;
        }
        if (deletedBefore && !deletedAfter) {
            return Kind.UNDELETE;
        }
        return Kind.UPDATE;
    }
}
