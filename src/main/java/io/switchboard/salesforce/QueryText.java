package io.switchboard.salesforce;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Escaping of values for SOQL string literals and SOSL search terms, by the rules of each language, so that no
 * value from an event can change the meaning of a query.
 */
public final class QueryText {

    private static final String SOSL_RESERVED = "?&|!{}[]()^~*:\\\"'+-";

    private QueryText() {
    }

    /** A quoted SOQL string literal: {@code O'Brien} becomes {@code 'O\'Brien'}. */
    public static String soqlLiteral(String value) {
        return "'" + escape(value, false) + "'";
    }

    /**
     * A quoted SOQL LIKE pattern matching any text that contains {@code value} literally: its own {@code %} and
     * {@code _} are escaped (which SOQL allows only inside LIKE), so they are not wildcards.
     */
    public static String soqlContains(String value) {
        return "'%" + escape(value, true) + "%'";
    }

    private static String escape(String value, boolean like) {
        StringBuilder out = new StringBuilder(value.length() + 2);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '%', '_' -> out.append(like ? "\\" + c : String.valueOf(c));
                default -> {
                    if (Character.isISOControl(c)) {
                        // no raw control character in a query; SOQL reads \\uXXXX back as the same character
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A SOQL {@code IN (...)} list of quoted literals. */
    public static String soqlList(Collection<String> values) {
        return values.stream().map(QueryText::soqlLiteral).collect(Collectors.joining(", ", "(", ")"));
    }

    /** A SOSL search term with every reserved character escaped, so it is searched for literally. */
    public static String soslTerm(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (SOSL_RESERVED.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
