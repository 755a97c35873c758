package io.switchboard.event;

/** Why a record is not a usable interaction event; {@code code} is stable for operators' filters. */
public record EventRejection(String code, String message) {

    /** Not one JSON value: broken syntax, invalid UTF-8, trailing content after the object, no value at all. */
    public static final String UNPARSEABLE = "UNPARSEABLE_JSON";
    /** JSON nested deeper than the contract allows (see {@link EventParser#MAX_NESTING_DEPTH}). */
    public static final String TOO_DEEP = "NESTING_TOO_DEEP";
    /** A record, or one number or text in it, larger than the contract allows. */
    public static final String TOO_LARGE = "VALUE_TOO_LARGE";
    public static final String SCHEMA_VIOLATION = "SCHEMA_VIOLATION";
}
