package io.switchboard.delivery;

/** Fitting text into Salesforce field lengths without an error. */
final class Text {

    static final String TRUNCATION_MARKER = " [...truncated by Switchboard]";

    private Text() {
    }

    static String truncate(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        if (max <= TRUNCATION_MARKER.length()) {
            return value.substring(0, max);
        }
        return value.substring(0, max - TRUNCATION_MARKER.length()) + TRUNCATION_MARKER;
    }
}
