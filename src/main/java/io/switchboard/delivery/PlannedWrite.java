package io.switchboard.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One write the delivery of an event will make. {@code refs} names fields whose value is the id of an earlier
 * write of the same plan (e.g. the Task's WhoId is the Lead created just before), resolved when executed.
 * {@code key} identifies what is written across a batch (a new person's identity, an activity's key, a note's
 * title), so that two events of one batch about the same thing write it once; {@code version} orders them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PlannedWrite(String ref, Kind kind, String sObject, String id, Map<String, Object> fields,
                           Map<String, String> refs, String key, String version) {

    public enum Kind { CREATE, UPDATE }

    public PlannedWrite {
        fields = Map.copyOf(fields);
        refs = Map.copyOf(refs);
    }

    public static PlannedWrite create(String ref, String sObject, Map<String, Object> fields, Map<String, String> refs) {
        return new PlannedWrite(ref, Kind.CREATE, sObject, null, fields, refs, null, null);
    }

    public static PlannedWrite update(String ref, String sObject, String id, Map<String, Object> fields,
                                      Map<String, String> refs) {
        return new PlannedWrite(ref, Kind.UPDATE, sObject, id, fields, refs, null, null);
    }

    public PlannedWrite keyed(String newKey, String newVersion) {
        return new PlannedWrite(ref, kind, sObject, id, fields, refs, newKey, newVersion);
    }

    /** The same write with another's values added, its own giving way where both set a field. */
    public PlannedWrite withLaterValues(Map<String, Object> later) {
        Map<String, Object> merged = new java.util.LinkedHashMap<>(fields);
        merged.putAll(later);
        return new PlannedWrite(ref, kind, sObject, id, merged, refs, key, version);
    }

    /** The same write as an update of an existing record. */
    public PlannedWrite asUpdateOf(String existingId, Map<String, Object> updatableFields) {
        return new PlannedWrite(ref, Kind.UPDATE, sObject, existingId, updatableFields, refs, key, version);
    }
}
