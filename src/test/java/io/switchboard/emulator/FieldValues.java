package io.switchboard.emulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/** Turns JSON input values into the typed values the store keeps, and back into JSON output values. */
final class FieldValues {

    /** Roughly the address syntax Salesforce accepts for email fields. */
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");

    private FieldValues() {
    }

    /**
     * Coerces one input value. Strings are kept as sent (Salesforce stores phone numbers unformatted), except that
     * an empty string means null, as in Salesforce.
     */
    static Object coerce(FieldDef field, Object raw) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof java.util.Map || raw instanceof List) {
            throw ApiException.badRequest("JSON_PARSER_ERROR", "Cannot deserialize instance of "
                    + field.type().describeName() + " from " + (raw instanceof List ? "START_ARRAY" : "START_OBJECT")
                    + " value for field " + field.name());
        }
        return switch (field.type()) {
            case BOOLEAN -> toBoolean(field, raw);
            case INT -> toLong(field, raw);
            case DOUBLE, CURRENCY, PERCENT -> toDouble(field, raw);
            case DATE -> toDate(field, raw);
            case DATETIME -> toDateTime(field, raw);
            case BASE64 -> toBase64(field, raw);
            default -> {
                String text = raw instanceof BigDecimal bd ? bd.toPlainString() : String.valueOf(raw);
                yield text.isEmpty() ? null : text;
            }
        };
    }

    private static Object toBoolean(FieldDef field, Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.valueOf(s);
        }
        throw wrongType(field, raw);
    }

    private static Object toLong(FieldDef field, Object raw) {
        try {
            BigDecimal value = raw instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(raw.toString().trim());
            return value.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw wrongType(field, raw);
        }
    }

    private static Object toDouble(FieldDef field, Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s && !s.isBlank()) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw wrongType(field, raw);
            }
        }
        throw wrongType(field, raw);
    }

    private static Object toDate(FieldDef field, Object raw) {
        if (raw instanceof String s) {
            if (s.isEmpty()) {
                return null;
            }
            LocalDate date = SfTime.parseDate(s);
            if (date == null) {
                // Salesforce also accepts a datetime for a date field and keeps the date part
                Instant instant = SfTime.parseDateTime(s);
                if (instant != null) {
                    return LocalDate.ofInstant(instant, java.time.ZoneOffset.UTC);
                }
                throw ApiException.badRequest("JSON_PARSER_ERROR",
                        "Cannot deserialize value of type date from String " + s + ": value not a valid date for field "
                                + field.name());
            }
            return date;
        }
        throw ApiException.badRequest("JSON_PARSER_ERROR",
                "Cannot deserialize value of type date from " + raw.getClass().getSimpleName() + " for field " + field.name());
    }

    private static Object toDateTime(FieldDef field, Object raw) {
        if (raw instanceof String s) {
            if (s.isEmpty()) {
                return null;
            }
            Instant instant = SfTime.parseDateTime(s);
            if (instant == null) {
                LocalDate date = SfTime.parseDate(s);
                if (date != null) {
                    return date.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                }
                throw ApiException.badRequest("JSON_PARSER_ERROR",
                        "Cannot deserialize value of type datetime from String " + s
                                + ": value not a valid datetime for field " + field.name());
            }
            // Salesforce keeps whole seconds: 10:15:30.789Z reads back as 10:15:30.000+0000
            return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        }
        throw ApiException.badRequest("JSON_PARSER_ERROR",
                "Cannot deserialize value of type datetime from " + raw.getClass().getSimpleName() + " for field " + field.name());
    }

    private static Object toBase64(FieldDef field, Object raw) {
        String text = String.valueOf(raw);
        try {
            Base64.getMimeDecoder().decode(text);
            return text;
        } catch (IllegalArgumentException e) {
            throw wrongType(field, raw);
        }
    }

    static ApiException wrongType(FieldDef field, Object raw) {
        return ApiException.badRequest("INVALID_TYPE_ON_FIELD_IN_RECORD",
                field.label() + ": value not of required type: " + raw, field.name());
    }

    static boolean isValidEmail(String value) {
        return EMAIL.matcher(value).matches();
    }

    /** The JSON form of a stored value. */
    static Object toJson(Object value) {
        if (value instanceof Instant instant) {
            return SfTime.format(instant);
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        return value;
    }
}
