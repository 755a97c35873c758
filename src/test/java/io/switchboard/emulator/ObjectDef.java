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

    ObjectDef(String name, String label, String labelPlural, String keyPrefix, boolean custom, List<FieldDef> fields) {
        this.name = name;
        this.label = label;
        this.labelPlural = labelPlural;
        this.keyPrefix = keyPrefix;
        this.custom = custom;
        fields.forEach(this::addField);
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
        return fieldName == null ? null : fieldsByLowerName.get(fieldName.toLowerCase(Locale.ROOT));
    }

    List<FieldDef> fields() {
        return Collections.unmodifiableList(new ArrayList<>(fieldsByLowerName.values()));
    }

    /** The reference field whose relationship name is given (Account for AccountId), or null. */
    FieldDef relationship(String relationshipName) {
        for (FieldDef f : fieldsByLowerName.values()) {
            if (f.relationshipName() != null && f.relationshipName().equalsIgnoreCase(relationshipName)) {
                return f;
            }
        }
        return null;
    }

    /** False for objects the API cannot write (Organization): no field of theirs can be set on create. */
    boolean writable() {
        return fieldsByLowerName.values().stream().anyMatch(FieldDef::createable);
    }

    boolean hasField(String fieldName) {
        return field(fieldName) != null;
    }
}
