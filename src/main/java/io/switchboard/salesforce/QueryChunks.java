package io.switchboard.salesforce;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Splits the values of one query into as few chunks as fit a size budget. A query travels in the URL of a GET
 * request, and URLs have length limits (Salesforce's is about 16 KB; the HTTP stack in between may allow less, the
 * emulated one fails near 7 KB): a batch with many values costs a few queries more instead of failing, and the
 * number of queries stays bounded by the batch size divided by the chunk size.
 */
public final class QueryChunks {

    private QueryChunks() {
    }

    /** The length a text takes in a URL query string, which is what the limits apply to. */
    public static int urlLength(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).length();
    }

    public static List<List<String>> of(Collection<String> values, ToIntFunction<String> cost, int budget, int maxValues) {
        List<List<String>> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int used = 0;
        for (String value : values) {
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
