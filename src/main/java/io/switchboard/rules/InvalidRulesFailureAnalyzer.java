package io.switchboard.rules;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A start stopped by the rules file reports its problems, each at its line, and what to do, as Spring Boot reports
 * a configuration mistake: no stack trace burying the list (registered in META-INF/spring.factories).
 */
class InvalidRulesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidRulesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidRulesException cause) {
        return new FailureAnalysis(cause.getMessage(), "Fix each problem at its line in the rules file "
                + "(switchboard.rules.path names it) and start the service again.", cause);
    }
}
