package io.switchboard.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Metadata of one sObject type; field names are looked up case-insensitively, as Salesforce does. */
final class ObjectDef {

    private final String name;
    private final String label;
    private final String labelPlural;
    private final String keyPrefix;
    private final boolean custom;
    private final Map<String, FieldDef> fieldsByLowerName = new LinkedHashMap<>();
    /** The org feature each gated field needs (lower-case field name → feature); see {@link OrgFeatures}. */
    private final Map<String, String> fieldFeatures = new java.util.HashMap<>();
    private final OrgFeatures features;
    /** The org feature the whole object needs, or null. */
    private final String requires;

    ObjectDef(String name, String label, String labelPlural, String keyPrefix, boolean custom, List<FieldDef> fields,
              OrgFeatures features, String requires) {
        this.name = name;
        this.label = label;
        this.labelPlural = labelPlural;
        this.keyPrefix = keyPrefix;
        this.custom = custom;
        this.features = features;
        this.requires = requires;
        fields.forEach(this::addField);
    }

    /** The field exists only while the feature is on (null: always). */
    void requireFeature(String fieldName, String feature) {
        if (feature != null) {
            fieldFeatures.put(fieldName.toLowerCase(Locale.ROOT), feature);
        }
    }

    /** Whether the org has this object now: its feature, if it needs one, is on. */
    boolean present() {
        return features.enabled(requires);
    }

    void addField(FieldDef field) {
        fieldsByLowerName.put(field.name().toLowerCase(Locale.ROOT), field);
    }

    String name() {
        return name;
    }

    String label() {
        return label;
    }

    String labelPlural() {
        return labelPlural;
    }

    String keyPrefix() {
        return keyPrefix;
    }

    boolean custom() {
        return custom;
    }

    /** The field, or null when the object has no field of that name. */
    FieldDef field(String fieldName) {
        if (fieldName == null) {
            return null;
        }
        String key = fieldName.toLowerCase(Locale.ROOT);
        return features.enabled(fieldFeatures.get(key)) ? fieldsByLowerName.get(key) : null;
    }

    List<FieldDef> fields() {
        return Collections.unmodifiableList(fieldsByLowerName.values().stream()
                .filter(f -> features.enabled(fieldFeatures.get(f.name().toLowerCase(Locale.ROOT)))).toList());
    }

    /** The reference field whose relationship name is given (Account for AccountId), or null. */
    FieldDef relationship(String relationshipName) {
        for (FieldDef f : fields()) {
            if (f.relationshipName() != null && f.relationshipName().equalsIgnoreCase(relationshipName)) {
                return f;
            }
        }
        return null;
    }

    /** False for objects the API cannot write (Organization): no field of theirs can be set on create. */
    boolean writable() {
        return fields().stream().anyMatch(FieldDef::createable);
    }

    boolean hasField(String fieldName) {
        return field(fieldName) != null;
    }
}
