package io.switchboard.emulator;

/**
 * A field as change event schemas need it (see {@link Org#fieldShapes}).
 *
 * @param type        the describe type name: "string", "boolean", "int", "double", "date", "datetime", "address", ...
 * @param calculated  computed by the org (Contact.Name): change events carry it only as a compound, if at all
 */
public record FieldShape(String name, String type, boolean calculated) {
}
