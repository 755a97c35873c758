package io.switchboard.changefeed;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.springframework.stereotype.Component;

/**
 * Reads a change event as the Camel component gives it (an Avro record of the object's change event schema) into
 * a {@link ChangeEvent}. The header's changedFields, nulledFields and diffFields are bitmaps over the schema's
 * fields, as the Pub/Sub API encodes them: {@code "0x…"} is a hexadecimal number whose bit i stands for the
 * schema's i-th field; {@code "i-0x…"} does the same over the fields of the compound field at position i (a name
 * or an address).
 */
@Component
class ChangeEventReader {

    /** Salesforce's datetime text, as REST returns it, so that both paths keep one form. */
    static final DateTimeFormatter SALESFORCE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    private static final Set<String> DATETIME_FIELDS = Set.of("LastModifiedDate", "CreatedDate", "SystemModstamp",
            "LastActivityDate", "ConvertedDate");

    ChangeEvent read(Object body) {
        if (!(body instanceof GenericRecord event)) {
            throw new IllegalArgumentException("A change event should arrive as an Avro record (pubSubDeserializeType"
                    + " GENERIC_RECORD), not as " + (body == null ? "nothing" : body.getClass().getName()));
        }
        GenericRecord header = (GenericRecord) event.get("ChangeEventHeader");
        if (header == null) {
            throw new IllegalArgumentException("The event on this channel has no ChangeEventHeader: is it a change event?");
        }
        Schema schema = event.getSchema();
        List<String> ids = strings(header.get("recordIds"));
        Object commit = header.get("commitTimestamp");
        Instant committed = commit instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : null;
        Map<String, Object> values = new LinkedHashMap<>();
        for (Schema.Field field : schema.getFields()) {
            if (field.name().equals("ChangeEventHeader")) {
                continue;
            }
            Object value = event.get(field.pos());
            if (value instanceof GenericRecord compound) {
                String prefix = partPrefix(field.name());
                for (Schema.Field part : compound.getSchema().getFields()) {
                    Object v = compound.get(part.pos());
                    if (v != null) {
                        values.put(prefix + part.name(), plain(part.name(), v));
                    }
                }
            } else if (value != null) {
                values.put(field.name(), plain(field.name(), value));
            }
        }
        return new ChangeEvent(text(header.get("entityName")), text(header.get("changeType")), ids, committed, values,
                fields(schema, strings(header.get("changedFields"))), fields(schema, strings(header.get("nulledFields"))));
    }

    /**
     * How a compound's parts are named as fields: a person name's parts are FirstName, LastName (no prefix); an
     * address's are prefixed by the address (MailingAddress's Street is MailingStreet).
     */
    private static String partPrefix(String compound) {
        return compound.endsWith("Address") ? compound.substring(0, compound.length() - "Address".length()) : "";
    }

    /** The names of the fields a list of bitmaps stands for. */
    static Set<String> fields(Schema schema, List<String> bitmaps) {
        Set<String> out = new LinkedHashSet<>();
        for (String bitmap : bitmaps) {
            int dash = bitmap.indexOf('-');
            if (dash > 0) {
                int parent = Integer.parseInt(bitmap.substring(0, dash));
                Schema.Field field = schema.getFields().get(parent);
                Schema compound = recordOf(field.schema());
                if (compound != null) {
                    bits(compound, bitmap.substring(dash + 1)).forEach(part -> out.add(partPrefix(field.name()) + part));
                }
            } else {
                out.addAll(bits(schema, bitmap));
            }
        }
        return out;
    }

    private static List<String> bits(Schema schema, String hex) {
        String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        BigInteger bits = digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits, 16);
        List<String> out = new ArrayList<>();
        List<Schema.Field> fields = schema.getFields();
        for (int i = 0; i < fields.size() && i < bits.bitLength(); i++) {
            if (bits.testBit(i)) {
                out.add(fields.get(i).name());
            }
        }
        return out;
    }

    private static Schema recordOf(Schema schema) {
        if (schema.getType() == Schema.Type.RECORD) {
            return schema;
        }
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().filter(s -> s.getType() == Schema.Type.RECORD).findFirst().orElse(null);
        }
        return null;
    }

    private static Object plain(String field, Object value) {
        if (value instanceof CharSequence || value instanceof org.apache.avro.generic.GenericEnumSymbol<?>) {
            return value.toString();
        }
        if (value instanceof Long millis && DATETIME_FIELDS.contains(field)) {
            return SALESFORCE_TIME.format(Instant.ofEpochMilli(millis));
        }
        if (value instanceof ByteBuffer buffer) {
            return java.util.Base64.getEncoder().encodeToString(buffer.array());
        }
        return value;
    }

    private static List<String> strings(Object list) {
        List<String> out = new ArrayList<>();
        if (list instanceof Iterable<?> items) {
            items.forEach(item -> out.add(String.valueOf(item)));
        }
        return out;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
