package io.switchboard.ingress.auth;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Twilio's request validation (twilio.com/docs/usage/webhooks/webhooks-security): the signature is the Base64 of an
 * HMAC-SHA1, keyed with the account's Auth Token, over the full URL Twilio called (with its query) followed, for a
 * form-encoded body, by every POST parameter's name and value sorted by name, with no separators. A JSON body is
 * not in the signed text: the URL carries {@code bodySHA256}, the hex SHA-256 of the body, and that must match.
 * Twilio's own libraries accept the URL with and without its default port (a proxy may add or drop it); so do we.
 */
public final class TwilioSignature {

    private TwilioSignature() {
    }

    public static boolean valid(String authToken, String url, String mediaType, byte[] body, String signature) {
        String signedParams;
        if ("application/x-www-form-urlencoded".equals(mediaType)) {
            signedParams = sortedParams(FormBody.fields(body));
        } else {
            String claimed = FormBody.queryParam(url, "bodySHA256");
            if (claimed == null || !Authentication.same(Authentication.sha256Hex(body), claimed.toLowerCase(java.util.Locale.ROOT))) {
                return false;
            }
            signedParams = "";
        }
        boolean valid = false;
        for (String candidate : urlVariants(url)) {
            String expected = sign(authToken, candidate + signedParams);
            // no early exit: every variant is compared
            valid |= Authentication.same(expected, signature.trim());
        }
        return valid;
    }

    /** The signature of a text, as Twilio computes it. */
    public static String sign(String authToken, String text) {
        return Authentication.base64(Authentication.hmac("HmacSHA1", authToken, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public static String sortedParams(List<Map.Entry<String, String>> fields) {
        List<Map.Entry<String, String>> sorted = new ArrayList<>(fields);
        sorted.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue(Comparator.naturalOrder())));
        StringBuilder text = new StringBuilder();
        sorted.forEach(e -> text.append(e.getKey()).append(e.getValue()));
        return text.toString();
    }

    /** The URL as given, and with its default port dropped or added. */
    static List<String> urlVariants(String url) {
        List<String> variants = new ArrayList<>();
        variants.add(url);
        try {
            URI uri = URI.create(url);
            int defaultPort = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            String rest = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            if (uri.getPort() == -1) {
                variants.add(uri.getScheme() + "://" + uri.getRawAuthority() + ":" + defaultPort + rest);
            } else {
                variants.add(uri.getScheme() + "://" + uri.getHost() + rest);
            }
        } catch (IllegalArgumentException e) {
            // the configured URL is not a URI: only the URL as given can match
        }
        return variants;
    }
}
