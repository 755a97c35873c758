package io.switchboard.ingress.auth;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a producer proves a request is its own. Each compares in constant time ({@link Authentication#same}); the
 * secret comes from the environment (the producer's settings), never from a mapping file.
 */
public sealed interface AuthScheme {

    /**
     * @param payload   the body as read (JSON object, or the form's fields), for schemes that carry the proof inside
     * @param publicUrl the URL as the producer called it, for schemes that sign the URL
     */
    boolean verify(IngressRequest request, JsonNode payload, String secret, String publicUrl);

    /** Whether the proof is inside the body, so the body must be read before it can be checked. */
    default boolean insideTheBody() {
        return false;
    }

    /** {@code Authorization: Bearer <secret>}. */
    record Bearer() implements AuthScheme {
        @Override
        public boolean verify(IngressRequest request, JsonNode payload, String secret, String publicUrl) {
            String given = request.header("authorization");
            return given != null && given.startsWith("Bearer ") && Authentication.same(secret, given.substring(7).trim());
        }
    }

    /**
     * An HMAC of the raw body in a header, e.g. Intercom's {@code X-Hub-Signature: sha1=<hex>} or our own
     * {@code X-Switchboard-Signature: sha256=<hex>}.
     */
    record HmacHeader(String header, String algorithm, String prefix, boolean base64) implements AuthScheme {
        @Override
        public boolean verify(IngressRequest request, JsonNode payload, String secret, String publicUrl) {
            String given = request.header(header);
            if (given == null) {
                return false;
            }
            byte[] mac = Authentication.hmac(algorithm, secret, request.body());
            String expected = prefix + (base64 ? Authentication.base64(mac) : Authentication.hex(mac));
            return Authentication.same(expected, base64 ? given.trim() : given.trim().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** A token inside the JSON body, e.g. Aircall's top-level {@code token}: no signature, a shared secret. */
    record BodyMember(String member) implements AuthScheme {
        @Override
        public boolean insideTheBody() {
            return true;
        }

        @Override
        public boolean verify(IngressRequest request, JsonNode payload, String secret, String publicUrl) {
            JsonNode given = payload == null ? null : payload.get(member);
            return given != null && given.isTextual() && Authentication.same(secret, given.textValue());
        }
    }

    /** Twilio's {@code X-Twilio-Signature}: see {@link TwilioSignature}. */
    record Twilio() implements AuthScheme {
        @Override
        public boolean verify(IngressRequest request, JsonNode payload, String secret, String publicUrl) {
            String given = request.header("x-twilio-signature");
            if (given == null || publicUrl == null || publicUrl.isBlank()) {
                return false;
            }
            String url = publicUrl + (request.query() == null || request.query().isEmpty() ? "" : "?" + request.query());
            return TwilioSignature.valid(secret, url, request.mediaType(), request.body(), given);
        }
    }
}
