package io.switchboard.operations;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A refused security setting stops the start with its one line, not a stack of bean-creation errors. */
class SecuritySettingsFailureAnalyzer extends AbstractFailureAnalyzer<SecuritySettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SecuritySettingsException cause) {
        return new FailureAnalysis(cause.getMessage(), "See docs/security.md.", cause);
    }
}
