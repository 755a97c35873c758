package io.switchboard.signing;

/** The service was started without a usable signing key ({@link SigningProperties#key()}). */
public class MissingSigningKeyException extends IllegalStateException {

    public MissingSigningKeyException(String message) {
        super(message);
    }
}
