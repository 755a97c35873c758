package io.switchboard.console.store;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A store that cannot be opened ends the start with its one line and what to do, not a hundred lines of trace. */
public class StoreFailureAnalyzer extends AbstractFailureAnalyzer<StoreUnavailable> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StoreUnavailable cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
