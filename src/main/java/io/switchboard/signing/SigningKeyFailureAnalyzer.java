package io.switchboard.signing;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A missing or short signing key stops the start with what to set, not a stack trace. */
public class SigningKeyFailureAnalyzer extends AbstractFailureAnalyzer<MissingSigningKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MissingSigningKeyException cause) {
        return new FailureAnalysis(cause.getMessage(), "Set SWITCHBOARD_SIGNING_KEY (switchboard.signing.key) to the "
                + "same random secret on every instance, e.g. the output of: openssl rand -base64 32", null);
    }
}
