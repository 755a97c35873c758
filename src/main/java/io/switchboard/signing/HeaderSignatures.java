package io.switchboard.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Signs the {@code switchboard.*} headers the service sets on records it publishes to its own input topics (a
 * review decision, a replay's reference), and verifies them when the records come back: only a header with a valid
 * signature is the service's own, whatever else a producer writes to the topic.
 *
 * <p>The signature is an HMAC-SHA256, keyed with {@link SigningProperties#key()}, over the header's name, its value
 * and the SHA-256 of the record's value (the event as its producer sent it). A signature therefore cannot be moved
 * to another header or another record: a decision signed for one event is no decision for any other. It survives
 * what keeps the record's value: a republish, a dead letter and its replay, another instance with the same key.
 * A signature rather than a look-up of the decided item on the review topic: the check needs no state, so it holds
 * on every instance, after a restart, and for a replay long after the item left the queue.
 */
@Component
public class HeaderSignatures {

    /** The header carrying the signature of {@code header}. */
    public static String signatureHeader(String header) {
        return header + ".signature";
    }

    private static final String VERSION = "v1=";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public HeaderSignatures(SigningProperties properties) {
        String given = properties.key();
        if (given == null || given.isBlank()) {
            throw new MissingSigningKeyException("No signing key: switchboard.signing.key (SWITCHBOARD_SIGNING_KEY) is "
                    + "not set, so the service could not tell its own review decisions from a producer's.");
        }
        if (given.trim().length() < SigningProperties.MIN_KEY_LENGTH) {
            throw new MissingSigningKeyException("The signing key switchboard.signing.key (SWITCHBOARD_SIGNING_KEY) has "
                    + given.trim().length() + " characters; it needs at least " + SigningProperties.MIN_KEY_LENGTH + ".");
        }
        this.key = new SecretKeySpec(given.trim().getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The signature to send in {@link #signatureHeader(String)} beside {@code header}. */
    public String sign(String header, String value, byte[] recordValue) {
        return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(header, value, recordValue));
    }

    /** Whether {@code signature} is this service's for the header's value on a record of this value. */
    public boolean verified(String header, String value, String signature, byte[] recordValue) {
        if (value == null || signature == null || !signature.startsWith(VERSION)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(signature.substring(VERSION.length()).trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        // constant time: how much of a forged signature matched is not told by the time it took
        return MessageDigest.isEqual(mac(header, value, recordValue), given);
    }

    private byte[] mac(String header, String value, byte[] recordValue) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(recordValue == null ? new byte[0] : recordValue));
            // lengths first, so that no two (name, value) pairs give the same text
            String signed = header.length() + ":" + header + "\n" + value.length() + ":" + value + "\n" + digest;
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
