package io.switchboard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The org's metadata: the standard objects from {@code emulator/standard-objects.yaml} plus an optional extra YAML
 * of custom fields and objects in the same format. System fields (Id, audit fields, IsDeleted) are added to every
 * object here so that the YAML only lists business fields.
 */
final class Schema {

    static final String STANDARD_RESOURCE = "/emulator/standard-objects.yaml";

    private final Map<String, ObjectDef> byLowerName = new LinkedHashMap<>();
    private final Map<String, ObjectDef> byPrefix = new LinkedHashMap<>();
    private final OrgFeatures features = new OrgFeatures();
    private int customPrefixCounter;

    static Schema load(Path extraSchema) {
        Schema schema = new Schema();
        try (InputStream in = Schema.class.getResourceAsStream(STANDARD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + STANDARD_RESOURCE);
            }
            schema.merge(yaml().readTree(in));
            if (extraSchema != null) {
                try (InputStream extra = Files.newInputStream(extraSchema)) {
                    schema.merge(yaml().readTree(extra));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return schema;
    }

    private static ObjectMapper yaml() {
        return new ObjectMapper(new YAMLFactory());
    }

    /** The object, or null when the org has none of that name (or its feature is off). */
    ObjectDef object(String name) {
        return name == null ? null : visible(byLowerName.get(name.toLowerCase(Locale.ROOT)));
    }

    ObjectDef objectForPrefix(String prefix) {
        return visible(byPrefix.get(prefix));
    }

    /** The objects the org has now (those of features that are off left out). */
    Collection<ObjectDef> objects() {
        return byLowerName.values().stream().filter(ObjectDef::present).toList();
    }

    OrgFeatures features() {
        return features;
    }

    private static ObjectDef visible(ObjectDef def) {
        return def == null || !def.present() ? null : def;
    }

    private void merge(JsonNode root) {
        JsonNode objects = root.path("objects");
        for (Iterator<Map.Entry<String, JsonNode>> it = objects.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode node = entry.getValue();
            ObjectDef existing = byLowerName.get(name.toLowerCase(Locale.ROOT));
            if (existing == null) {
                existing = newObject(name, node);
            }
            for (Iterator<Map.Entry<String, JsonNode>> f = node.path("fields").fields(); f.hasNext(); ) {
                Map.Entry<String, JsonNode> field = f.next();
                existing.addField(parseField(field.getKey(), field.getValue()));
                existing.requireFeature(field.getKey(), field.getValue().path("requires").asText(null));
            }
            if (existing.field("CreatedDate") == null) {
                addTrailingSystemFields(existing);
            }
        }
    }

    private ObjectDef newObject(String name, JsonNode node) {
        boolean custom = name.endsWith("__c");
        String prefix = node.path("keyPrefix").asText(null);
        if (prefix == null) {
            prefix = "a0" + (char) ('A' + customPrefixCounter++);
        }
        String label = node.path("label").asText(custom ? name.substring(0, name.length() - 3).replace('_', ' ') : name);
        List<FieldDef> system = new ArrayList<>();
        system.add(system("Id", label + " ID", FieldType.ID, List.of()));
        system.add(new FieldDef("IsDeleted", "Deleted", FieldType.BOOLEAN, 0, false, false, false, false, false,
                true, false, List.of(), false, List.of(), null, false, false, false, 0, 0));
        ObjectDef def = new ObjectDef(name, label, node.path("labelPlural").asText(label + "s"), prefix, custom, system,
                features, node.path("requires").asText(null));
        byLowerName.put(name.toLowerCase(Locale.ROOT), def);
        byPrefix.put(prefix, def);
        return def;
    }

    private static void addTrailingSystemFields(ObjectDef def) {
        def.addField(system("CreatedDate", "Created Date", FieldType.DATETIME, List.of()));
        def.addField(system("CreatedById", "Created By ID", FieldType.REFERENCE, List.of("User")));
        def.addField(system("LastModifiedDate", "Last Modified Date", FieldType.DATETIME, List.of()));
        def.addField(system("LastModifiedById", "Last Modified By ID", FieldType.REFERENCE, List.of("User")));
        def.addField(system("SystemModstamp", "System Modstamp", FieldType.DATETIME, List.of()));
    }

    private static FieldDef system(String name, String label, FieldType type, List<String> referenceTo) {
        String relationship = type == FieldType.REFERENCE ? name.substring(0, name.length() - 2) : null;
        return new FieldDef(name, label, type, type.isIdLike() ? 18 : 0, false, false, false, false, false, true,
                null, List.of(), false, referenceTo, relationship, false, false, false, 0, 0);
    }

    private static FieldDef parseField(String name, JsonNode n) {
        FieldType type = FieldType.fromYaml(n.path("type").asText("string"));
        boolean required = n.path("required").asBoolean(false);
        boolean readOnly = n.path("readOnly").asBoolean(false) || n.path("calculated").asBoolean(false);
        boolean createable = n.path("createable").asBoolean(!readOnly);
        boolean updateable = n.path("updateable").asBoolean(!readOnly);
        boolean isBoolean = type == FieldType.BOOLEAN;
        boolean defaultedOnCreate = n.path("defaultedOnCreate").asBoolean(isBoolean || n.has("default"));
        boolean nillable = !required && !isBoolean;
        List<String> values = new ArrayList<>();
        n.path("values").forEach(v -> values.add(v.asText()));
        List<String> referenceTo = new ArrayList<>();
        n.path("referenceTo").forEach(v -> referenceTo.add(v.asText()));
        Object defaultValue = null;
        if (n.has("default")) {
            defaultValue = isBoolean ? n.get("default").asBoolean() : n.get("default").asText();
        } else if (isBoolean) {
            defaultValue = Boolean.FALSE;
        }
        String relationshipName = n.path("relationshipName").asText(null);
        if (relationshipName == null && type == FieldType.REFERENCE) {
            relationshipName = name.endsWith("__c") ? name.substring(0, name.length() - 1) + "r"
                    : name.endsWith("Id") ? name.substring(0, name.length() - 2) : name;
        }
        return new FieldDef(name, n.path("label").asText(defaultLabel(name)), type,
                n.path("length").asInt(defaultLength(type)), nillable, createable, updateable,
                n.path("unique").asBoolean(false), n.path("externalId").asBoolean(false), defaultedOnCreate,
                defaultValue, values, n.path("restricted").asBoolean(false), referenceTo, relationshipName,
                n.path("calculated").asBoolean(false), n.path("nameField").asBoolean(false), name.endsWith("__c"),
                n.path("precision").asInt(type.isNumeric() ? 18 : 0), n.path("scale").asInt(0));
    }

    private static int defaultLength(FieldType type) {
        return switch (type) {
            case STRING, TEXTAREA, URL, PICKLIST, COMBOBOX -> 255;
            case EMAIL -> 80;
            case PHONE -> 40;
            case MULTIPICKLIST -> 4099;
            case ID, REFERENCE -> 18;
            case BASE64 -> 131_072_000;
            default -> 0;
        };
    }

    private static String defaultLabel(String name) {
        String base = name.endsWith("__c") ? name.substring(0, name.length() - 3) : name;
        StringBuilder label = new StringBuilder();
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            if (c == '_') {
                label.append(' ');
                continue;
            }
            if (i > 0 && Character.isUpperCase(c) && Character.isLowerCase(base.charAt(i - 1))) {
                label.append(' ');
            }
            label.append(c);
        }
        return label.toString().replace(" Id", " ID");
    }
}
