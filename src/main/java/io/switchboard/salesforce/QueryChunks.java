package io.switchboard.salesforce;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Splits the values of one query into as few chunks as fit a size budget. Every query travels as the URL of a
 * composite subrequest ({@link SalesforceGateway#readAll}); Salesforce refuses request URLs over 16,384 bytes, and
 * although a subrequest's URL travels in the request body, queries are kept under that limit so that none depends
 * on Salesforce treating the two differently. A batch with many values costs a few queries more instead of failing.
 */
public final class QueryChunks {

    /** URL-encoded characters a query may take, leaving room for the subrequest's path within 16,384. */
    public static final int MAX_QUERY_URL = 16_000;

    private QueryChunks() {
    }

    /**
     * The length a text takes in a URL query string, which is what the limits apply to: as
     * {@link java.net.URLEncoder} encodes it (letters, digits and {@code .-*_} as they are, a space as {@code +},
     * every other UTF-8 byte as {@code %XX}), counted without building the encoded text, since it is asked for every
     * value of every query.
     */
    public static int urlLength(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '*' || c == '_' || c == ' ') {
                length += 1;
            } else if (c < 0x80) {
                length += 3;
            } else if (c < 0x800) {
                length += 6;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 12;
                i++;
            } else {
                length += 9;
            }
        }
        return length;
    }

    public static <T> List<List<T>> of(Collection<T> values, ToIntFunction<T> cost, int budget, int maxValues) {
        List<List<T>> chunks = new ArrayList<>();
        List<T> current = new ArrayList<>();
        int used = 0;
        for (T value : values) {
            int c = cost.applyAsInt(value);
            if (!current.isEmpty() && (used + c > budget || current.size() >= maxValues)) {
                chunks.add(current);
                current = new ArrayList<>();
                used = 0;
            }
            current.add(value);
            used += c;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }
}
