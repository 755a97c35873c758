package io.switchboard.ingress.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code application/x-www-form-urlencoded} fields, in order, duplicates kept, decoded as UTF-8. A malformed
 * percent-escape ({@code CA%zz}) is a {@link Malformed} form, which the ingress answers 400.
 */
public final class FormBody {

    /** A form (or query string) that is not valid {@code application/x-www-form-urlencoded}. */
    public static final class Malformed extends IllegalArgumentException {
        Malformed(String message) {
            super(message);
        }
    }

    private FormBody() {
    }

    public static List<Map.Entry<String, String>> fields(byte[] body) {
        return fields(new String(body, StandardCharsets.UTF_8));
    }

    static List<Map.Entry<String, String>> fields(String encoded) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.add(new AbstractMap.SimpleImmutableEntry<>(decode(name, pair), decode(value, pair)));
        }
        return fields;
    }

    static String queryParam(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        return fields(url.substring(q + 1)).stream().filter(e -> e.getKey().equals(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private static String decode(String text, String pair) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // only the field's name is told: its value may be personal
            int eq = pair.indexOf('=');
            String field = io.switchboard.model.Texts.cut(eq < 0 ? pair : pair.substring(0, eq), 60);
            throw new Malformed("the form field '" + field.replaceAll("[^\\w.%-]", "?") + "' holds a malformed "
                    + "percent-escape: every % must be followed by two hexadecimal digits (send a literal % as %25)");
        }
    }
}
