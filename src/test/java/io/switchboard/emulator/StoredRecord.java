package io.switchboard.emulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record version. Immutable: an update stores a new version, which keeps rollback and concurrent readers simple.
 *
 * @param fields         typed values by canonical field name (nulls kept, as Salesforce returns them)
 * @param searchableAt   when this version reaches the search index
 * @param indexedFields  the version the search index holds until then (null: the record is not in the index yet)
 */
record StoredRecord(String objectName, String id, Map<String, Object> fields, Instant searchableAt,
                    Map<String, Object> indexedFields) {

    StoredRecord {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    Object get(String field) {
        return fields.get(field);
    }

    boolean deleted() {
        return Boolean.TRUE.equals(fields.get("IsDeleted"));
    }

    /** What SOSL sees at {@code now}: this version once indexed, the previous indexed version before. */
    Map<String, Object> searchView(Instant now) {
        return now.isBefore(searchableAt) ? indexedFields : fields;
    }
}
