package io.switchboard.emulator.pubsub;

import io.switchboard.emulator.FieldShape;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Avro schema of one entity's change events ({@code ContactChangeEvent}), derived from the emulator's schema of
 * the object the way Salesforce derives it: the ChangeEventHeader first, then the entity's fields in field order,
 * each a union of null and its type with default null; no Id (the id is in the header's recordIds), no IsDeleted or
 * SystemModstamp; a person name (Contact, Lead) is one compound field {@code Name} of type Switchable_PersonName and
 * an address one compound field of type Address, their components not repeated at the top level (documented:
 * "Compound fields are placed in additional elements of the array, with bitmaps indicating nested fields").
 * Formula (calculated) and base64 fields are left out. Types: text, picklist and id fields are strings, dates are
 * days since the epoch (int), datetimes milliseconds since the epoch (long), numbers double or int.
 *
 * <p>Not documented, the emulator's choice: a Person Account's FirstName and LastName stay plain Account fields.
 */
final class EntitySchema {

    static final String NAMESPACE = "com.sforce.eventbus";
    /** The fields change events never carry. */
    private static final Set<String> LEFT_OUT = Set.of("Id", "IsDeleted", "SystemModstamp");
    private static final List<String> NAME_PARTS = List.of("Salutation", "FirstName", "LastName", "MiddleName",
            "InformalName", "Suffix");
    private static final List<String> ADDRESS_PARTS = List.of("Street", "City", "State", "PostalCode", "Country",
            "StateCode", "CountryCode", "Latitude", "Longitude", "GeocodeAccuracy");

    /** One top-level field after the header: a plain field, or a compound one with its parts. */
    record Slot(String name, int position, String sourceField, String type, Schema nested, List<Part> parts) {
        boolean compound() {
            return parts != null;
        }
    }

    /** A nested field of a compound slot; sourceField is null when the org has no such component. */
    record Part(String name, String sourceField, String type) {
    }

    private final String entity;
    private final Schema avro;
    private final String schemaId;
    private final List<Slot> slots;

    private EntitySchema(String entity, Schema avro, List<Slot> slots) {
        this.entity = entity;
        this.avro = avro;
        this.slots = List.copyOf(slots);
        this.schemaId = fingerprint(avro.toString());
    }

    static EntitySchema of(String entity, List<FieldShape> shapes) {
        Map<String, FieldShape> byName = shapes.stream().collect(Collectors.toMap(FieldShape::name, Function.identity(),
                (a, b) -> a, java.util.LinkedHashMap::new));
        boolean personName = byName.containsKey("Name") && byName.get("Name").calculated()
                && byName.containsKey("LastName");
        Set<String> components = new HashSet<>();
        if (personName) {
            NAME_PARTS.forEach(components::add);
        }
        for (FieldShape f : shapes) {
            if (f.type().equals("address")) {
                String prefix = addressPrefix(f.name());
                ADDRESS_PARTS.forEach(p -> components.add(prefix + p));
            }
        }
        Schema nameSchema = personName ? compoundSchema("Switchable_PersonName", NAME_PARTS, p -> "string") : null;
        Schema addressSchema = compoundSchema("Address", ADDRESS_PARTS,
                p -> p.equals("Latitude") || p.equals("Longitude") ? "double" : "string");
        List<Slot> slots = new ArrayList<>();
        boolean nameDone = false;
        for (FieldShape f : shapes) {
            int position = slots.size() + 1;
            boolean namePart = personName && (NAME_PARTS.contains(f.name()) || f.name().equals("Name"));
            if (namePart && !nameDone) {
                List<Part> parts = NAME_PARTS.stream()
                        .map(p -> new Part(p, byName.containsKey(p) ? p : null, "string")).toList();
                slots.add(new Slot("Name", position, null, null, nameSchema, parts));
                nameDone = true;
            } else if (f.type().equals("address")) {
                String prefix = addressPrefix(f.name());
                List<Part> parts = ADDRESS_PARTS.stream().map(p -> new Part(p,
                        byName.containsKey(prefix + p) ? prefix + p : null,
                        p.equals("Latitude") || p.equals("Longitude") ? "double" : "string")).toList();
                slots.add(new Slot(f.name(), position, null, null, addressSchema, parts));
            } else if (!namePart && !LEFT_OUT.contains(f.name()) && !f.calculated() && !components.contains(f.name())
                    && !f.type().equals("base64")) {
                slots.add(new Slot(f.name(), position, f.name(), avroType(f.type()), null, null));
            }
        }
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(recordName(entity)).namespace(NAMESPACE)
                .fields().name("ChangeEventHeader").type(ChangeEventHeaders.SCHEMA).noDefault();
        for (Slot slot : slots) {
            Schema type = slot.compound() ? slot.nested() : primitive(slot.type());
            fields = fields.name(slot.name()).type(Schema.createUnion(Schema.create(Schema.Type.NULL), type))
                    .withDefault(null);
        }
        return new EntitySchema(entity, fields.endRecord(), slots);
    }

    /** {@code ContactChangeEvent}; a custom object's {@code Foo__c} becomes {@code Foo__ChangeEvent}. */
    static String recordName(String entity) {
        return (entity.endsWith("__c") ? entity.substring(0, entity.length() - 1) : entity) + "ChangeEvent";
    }

    private static String addressPrefix(String addressField) {
        return addressField.substring(0, addressField.length() - "Address".length());
    }

    private static Schema compoundSchema(String name, List<String> parts, Function<String, String> type) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(name).namespace(NAMESPACE).fields();
        for (String part : parts) {
            fields = fields.name(part).type(Schema.createUnion(Schema.create(Schema.Type.NULL),
                    primitive(type.apply(part)))).withDefault(null);
        }
        return fields.endRecord();
    }

    private static Schema primitive(String avroType) {
        return Schema.create(Schema.Type.valueOf(avroType.toUpperCase(java.util.Locale.ROOT)));
    }

    private static String avroType(String describeType) {
        return switch (describeType) {
            case "boolean" -> "boolean";
            case "int" -> "int";
            case "double", "currency", "percent" -> "double";
            case "date" -> "int";
            case "datetime" -> "long";
            default -> "string";
        };
    }

    /** 22 characters of URL-safe base64, like Salesforce's schema ids; the same schema always has the same id. */
    private static String fingerprint(String json) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(json.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String entity() {
        return entity;
    }

    Schema avro() {
        return avro;
    }

    String schemaId() {
        return schemaId;
    }

    List<Slot> slots() {
        return slots;
    }
}
