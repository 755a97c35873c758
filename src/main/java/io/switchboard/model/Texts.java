package io.switchboard.model;

/** Texts from events or from Salesforce kept to a length where Switchboard repeats them (reasons, headers, logs). */
public final class Texts {

    private Texts() {
    }

    /** The text, or its start with a marker saying how long it was; a surrogate pair is never split. */
    public static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "… [cut: " + text.length() + " characters in all]";
    }
}
