package io.switchboard.ingress.auth;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request to the ingress, as received: the producer named in its path, its headers (names in lower case),
 * its raw query string and its body, whole and unparsed (signatures are over the bytes).
 */
public record IngressRequest(String producer, Map<String, List<String>> headers, String query, byte[] body) {

    public IngressRequest {
        headers = Map.copyOf(headers);
    }

    /** The header's only value; null when absent. A header given twice is as good as absent for a proof. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.size() != 1 ? null : values.get(0);
    }

    /** The media type of the body, in lower case and without parameters; blank when none was given. */
    public String mediaType() {
        String type = header("content-type");
        return type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }
}
