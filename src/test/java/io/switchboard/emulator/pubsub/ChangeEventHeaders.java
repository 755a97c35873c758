package io.switchboard.emulator.pubsub;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The ChangeEventHeader record every change event starts with, field for field as Salesforce's event schemas
 * define it ("Change Event Header Fields"), and the bitmap encoding of its changedFields, nulledFields and
 * diffFields ("Event Deserialization Considerations"): a list of hexadecimal strings, the first a bitmap of the
 * top-level fields by their position in the event's Avro schema (bit n set: field n), then one
 * {@code "{position}-{bitmap}"} element per compound field with its nested fields' bitmap.
 */
final class ChangeEventHeaders {

    /** Documented change types, gap and overflow ones included (SNAPSHOT is in the schema, never sent here). */
    static final List<String> CHANGE_TYPES = List.of("CREATE", "UPDATE", "DELETE", "UNDELETE", "GAP_CREATE",
            "GAP_UPDATE", "GAP_DELETE", "GAP_UNDELETE", "GAP_OVERFLOW", "SNAPSHOT");

    static final Schema CHANGE_TYPE = SchemaBuilder.enumeration("ChangeType").namespace(EntitySchema.NAMESPACE)
            .symbols(CHANGE_TYPES.toArray(String[]::new));

    static final Schema SCHEMA = SchemaBuilder.record("ChangeEventHeader").namespace(EntitySchema.NAMESPACE).fields()
            .requiredString("entityName")
            .name("recordIds").type().array().items().stringType().noDefault()
            .name("changeType").type(CHANGE_TYPE).noDefault()
            .requiredString("changeOrigin")
            .requiredString("transactionKey")
            .requiredInt("sequenceNumber")
            .requiredLong("commitTimestamp")
            .requiredLong("commitNumber")
            .requiredString("commitUser")
            .name("nulledFields").type().array().items().stringType().noDefault()
            .name("diffFields").type().array().items().stringType().noDefault()
            .name("changedFields").type().array().items().stringType().noDefault()
            .endRecord();

    /** The record id overflow events carry: documented "always set to 000000000000000AAA, the empty record ID". */
    static final String EMPTY_RECORD_ID = "000000000000000AAA";

    private ChangeEventHeaders() {
    }

    /**
     * Bitmap strings for a set of changed top-level positions and, per compound position, changed nested positions
     * (0-based within the compound). Empty when nothing is set. Not documented, the emulator's choice: a compound
     * field's own bit is not set in the first element (the documented example has a compound's bit clear); the
     * first element is always present once anything is set, "0x00" if only compound parts changed.
     */
    static List<String> bitmap(SortedSet<Integer> positions, Map<Integer, SortedSet<Integer>> nested) {
        if (positions.isEmpty() && nested.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add(hex(positions));
        new TreeSet<>(nested.keySet()).forEach(p -> out.add(p + "-" + hex(nested.get(p))));
        return out;
    }

    /** "0x" and upper-case hex digits, an even number of them, as in the documented "0x650004E0" and "7-0x06". */
    static String hex(SortedSet<Integer> bits) {
        BigInteger value = BigInteger.ZERO;
        for (int bit : bits) {
            value = value.setBit(bit);
        }
        String digits = value.toString(16).toUpperCase(java.util.Locale.ROOT);
        return "0x" + (digits.length() % 2 == 1 ? "0" + digits : digits);
    }
}
