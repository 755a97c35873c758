package io.switchboard.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One write the delivery of an event will make. {@code refs} names fields whose value is the id of an earlier
 * write of the same plan (e.g. the Task's WhoId is the Lead created just before), resolved when executed.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record PlannedWrite(String ref, Kind kind, String sObject, String id, Map<String, Object> fields,
                           Map<String, String> refs) {

    public enum Kind { CREATE, UPDATE }

    public PlannedWrite {
        fields = Map.copyOf(fields);
        refs = Map.copyOf(refs);
    }

    public static PlannedWrite create(String ref, String sObject, Map<String, Object> fields, Map<String, String> refs) {
        return new PlannedWrite(ref, Kind.CREATE, sObject, null, fields, refs);
    }

    public static PlannedWrite update(String ref, String sObject, String id, Map<String, Object> fields,
                                      Map<String, String> refs) {
        return new PlannedWrite(ref, Kind.UPDATE, sObject, id, fields, refs);
    }

}
