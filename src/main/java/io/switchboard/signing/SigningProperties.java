package io.switchboard.signing;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key the service signs its own Kafka headers with ({@code switchboard.*} headers it sets on records it
 * publishes again: a review decision, a replay's reference), so that it can tell them from a producer's.
 *
 * @param key a secret from the environment only ({@code SWITCHBOARD_SIGNING_KEY}), at least 32 characters, the same
 *            on every instance of the service (one instance verifies what another signed); local mode and the tests
 *            generate one per run
 */
@ConfigurationProperties("switchboard.signing")
public record SigningProperties(String key) {

    /** The shortest key taken: 32 characters, 256 bits of a random key written in Base64 or hex. */
    public static final int MIN_KEY_LENGTH = 32;

    /** A new random key (256 bits, Base64): local mode and the tests take one per run. */
    public static String randomKey() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
