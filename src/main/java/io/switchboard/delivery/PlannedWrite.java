package io.switchboard.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One write the delivery of an event will make. {@code refs} names fields whose value is the id of an earlier
 * write of the same plan (e.g. the Task's WhoId is the Lead created just before), resolved when executed.
 * {@code keys} identify what is written across a batch (a new person's identity, an activity's key, a note's
 * title), so that two events of one batch about the same thing write it once; {@code version} orders them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PlannedWrite(WriteRole ref, Kind kind, String sObject, String id, Map<String, Object> fields,
                           Map<String, WriteRef> refs, List<String> keys, WriteVersion version,
                           @JsonInclude(JsonInclude.Include.NON_DEFAULT) int party) {

    public enum Kind { CREATE, UPDATE }

    public PlannedWrite {
        fields = Map.copyOf(fields);
        refs = Map.copyOf(refs);
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    public static PlannedWrite create(WriteRole ref, String sObject, Map<String, Object> fields, Map<String, WriteRef> refs) {
        return new PlannedWrite(ref, Kind.CREATE, sObject, null, fields, refs, List.of(), null, 0);
    }

    public static PlannedWrite update(WriteRole ref, String sObject, String id, Map<String, Object> fields,
                                      Map<String, WriteRef> refs) {
        return new PlannedWrite(ref, Kind.UPDATE, sObject, id, fields, refs, List.of(), null, 0);
    }

    /** The same write made for participant {@code number} of the interaction (0: the primary person). */
    public PlannedWrite forParty(int number) {
        return new PlannedWrite(ref, kind, sObject, id, fields, refs, keys, version, number);
    }

    /** How the plan's other writes name this one. */
    public WriteRef slot() {
        return new WriteRef(ref, party);
    }

    /** Keyed by one value: another write of the batch with the same key is the same write. */
    public PlannedWrite keyed(String newKey, WriteVersion newVersion) {
        return keyed(newKey == null ? List.of() : List.of(newKey), newVersion);
    }

    /** Keyed by several values (a new person's email and numbers): sharing any one is enough; the first leads. */
    public PlannedWrite keyed(List<String> newKeys, WriteVersion newVersion) {
        return new PlannedWrite(ref, kind, sObject, id, fields, refs, newKeys, newVersion, party);
    }

    public boolean isKeyed() {
        return !keys.isEmpty();
    }

    /** The same write with another's values added, its own giving way where both set a field. */
    public PlannedWrite withLaterValues(Map<String, Object> later) {
        Map<String, Object> merged = new java.util.LinkedHashMap<>(fields);
        merged.putAll(later);
        return new PlannedWrite(ref, kind, sObject, id, merged, refs, keys, version, party);
    }

    /** The same write as an update of an existing record. */
    public PlannedWrite asUpdateOf(String existingId, Map<String, Object> updatableFields) {
        return new PlannedWrite(ref, Kind.UPDATE, sObject, existingId, updatableFields, refs, keys, version, party);
    }
}
