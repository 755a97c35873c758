package io.switchboard.emulator.pubsub;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The entity part of one change event (everything but the header) and its changedFields / nulledFields bitmaps,
 * as Salesforce fills them ("Change Event Body Fields"): a create or undelete carries every field that has a value;
 * an update only the fields that changed (LastModifiedDate always among them: an update event is sent even when
 * no value changed, the emulator's choice where Salesforce does not say), a field set to null being null in the body
 * and listed in nulledFields; a delete and every gap event carry no field. changedFields is set for updates only,
 * and diffFields stays empty: the emulator always sends whole values, never a diff of a long text field (Salesforce
 * may send either, so a subscriber must read diffFields; it is never tested here).
 */
record ChangeEventBody(Object[] values, List<String> changedFields, List<String> nulledFields) {

    static ChangeEventBody empty(EntitySchema schema) {
        return new ChangeEventBody(new Object[schema.slots().size()], List.of(), List.of());
    }

    /** A create's or undelete's body: every field with a value. */
    static ChangeEventBody full(EntitySchema schema, Map<String, Object> after) {
        Object[] values = new Object[schema.slots().size()];
        for (int i = 0; i < values.length; i++) {
            EntitySchema.Slot slot = schema.slots().get(i);
            values[i] = slot.compound() ? compound(slot, after, null) : avro(slot.type(), after.get(slot.sourceField()));
        }
        return new ChangeEventBody(values, List.of(), List.of());
    }

    /** An update's body: only what changed between before and after. */
    static ChangeEventBody update(EntitySchema schema, Map<String, Object> before, Map<String, Object> after) {
        Object[] values = new Object[schema.slots().size()];
        SortedSet<Integer> changed = new TreeSet<>();
        SortedSet<Integer> nulled = new TreeSet<>();
        Map<Integer, SortedSet<Integer>> changedNested = new TreeMap<>();
        Map<Integer, SortedSet<Integer>> nulledNested = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            EntitySchema.Slot slot = schema.slots().get(i);
            if (!slot.compound()) {
                Object was = before.get(slot.sourceField());
                Object now = after.get(slot.sourceField());
                // every update sets LastModifiedDate, even within the same second (stored to the whole second)
                if (!Objects.equals(was, now) || slot.sourceField().equals("LastModifiedDate")) {
                    changed.add(slot.position());
                    values[i] = avro(slot.type(), now);
                    if (now == null) {
                        nulled.add(slot.position());
                    }
                }
                continue;
            }
            SortedSet<Integer> parts = new TreeSet<>();
            SortedSet<Integer> nulledParts = new TreeSet<>();
            for (int p = 0; p < slot.parts().size(); p++) {
                String source = slot.parts().get(p).sourceField();
                if (source != null && !Objects.equals(before.get(source), after.get(source))) {
                    parts.add(p);
                    if (after.get(source) == null) {
                        nulledParts.add(p);
                    }
                }
            }
            if (!parts.isEmpty()) {
                changedNested.put(slot.position(), parts);
                values[i] = compound(slot, after, parts);
            }
            if (!nulledParts.isEmpty()) {
                nulledNested.put(slot.position(), nulledParts);
            }
        }
        return new ChangeEventBody(values, ChangeEventHeaders.bitmap(changed, changedNested),
                ChangeEventHeaders.bitmap(nulled, nulledNested));
    }

    /** The event record: header plus body. */
    GenericRecord record(EntitySchema schema, GenericRecord header) {
        GenericRecord event = new GenericData.Record(schema.avro());
        event.put("ChangeEventHeader", header);
        for (int i = 0; i < values.length; i++) {
            event.put(schema.slots().get(i).name(), values[i]);
        }
        return event;
    }

    /** Same change (for merging events of several records into one): same values, same bitmaps. */
    boolean sameChange(ChangeEventBody other) {
        return Arrays.equals(values, other.values) && changedFields.equals(other.changedFields)
                && nulledFields.equals(other.nulledFields);
    }

    /** The compound value: its parts (all, or only {@code only}) from the record's fields; null if all are null. */
    private static GenericRecord compound(EntitySchema.Slot slot, Map<String, Object> fields, SortedSet<Integer> only) {
        GenericRecord nested = new GenericData.Record(slot.nested());
        boolean any = false;
        for (int p = 0; p < slot.parts().size(); p++) {
            EntitySchema.Part part = slot.parts().get(p);
            Object value = part.sourceField() == null || (only != null && !only.contains(p)) ? null
                    : avro(part.type(), fields.get(part.sourceField()));
            nested.put(part.name(), value);
            any |= value != null;
        }
        return any || only != null ? nested : null;
    }

    /** A stored value in its Avro form. */
    static Object avro(String type, Object value) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case "int" -> value instanceof LocalDate d ? (int) d.toEpochDay() : ((Number) value).intValue();
            case "long" -> value instanceof Instant t ? t.toEpochMilli() : ((Number) value).longValue();
            case "double" -> ((Number) value).doubleValue();
            case "boolean" -> value;
            default -> value.toString();
        };
    }
}
