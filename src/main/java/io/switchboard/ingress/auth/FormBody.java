package io.switchboard.ingress.auth;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code application/x-www-form-urlencoded} fields, in order, duplicates kept, decoded as UTF-8. */
public final class FormBody {

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
            fields.add(new AbstractMap.SimpleImmutableEntry<>(decode(name), decode(value)));
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

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
