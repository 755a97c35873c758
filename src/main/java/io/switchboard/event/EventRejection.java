package io.switchboard.event;

/** Why a record is not a usable interaction event; {@code code} is stable for operators' filters. */
public record EventRejection(String code, String message) {

    public static final String UNPARSEABLE = "UNPARSEABLE_JSON";
    public static final String SCHEMA_VIOLATION = "SCHEMA_VIOLATION";
}
