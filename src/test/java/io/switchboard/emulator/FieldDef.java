package io.switchboard.emulator;

import java.util.List;

/**
 * Metadata of one field, as describe reports it and as validation uses it.
 *
 * @param length         maximum characters for text fields, 0 otherwise
 * @param nillable       false for required fields (and for booleans, which default to false)
 * @param defaultValue   value applied on create when the field is absent (typed, may be null)
 * @param picklistValues allowed values of a picklist, in order; the default is {@code defaultValue}
 * @param relationshipName  name used in SOQL for the parent (Account for AccountId), null if not a reference
 * @param calculated     computed by the org (e.g. Contact.Name); never writable
 */
record FieldDef(String name, String label, FieldType type, int length, boolean nillable, boolean createable,
                boolean updateable, boolean unique, boolean externalId, boolean defaultedOnCreate,
                Object defaultValue, List<String> picklistValues, boolean restrictedPicklist,
                List<String> referenceTo, String relationshipName, boolean calculated, boolean nameField,
                boolean custom, int precision, int scale) {

    FieldDef {
        picklistValues = List.copyOf(picklistValues);
        referenceTo = List.copyOf(referenceTo);
    }

    /** Required on create: the caller must send a value because the org will not default one. */
    boolean requiredOnCreate() {
        return !nillable && createable && !defaultedOnCreate && type != FieldType.BOOLEAN;
    }

    boolean isPicklist() {
        return type == FieldType.PICKLIST || type == FieldType.MULTIPICKLIST;
    }

    boolean idLookup() {
        return type == FieldType.ID || externalId || (nameField && type != FieldType.ID);
    }
}
