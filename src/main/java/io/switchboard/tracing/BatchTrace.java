package io.switchboard.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.Map;

/**
 * The spans of one batch's interactions, by record (topic/partition/offset). Current on the thread while a step
 * of the batch runs ({@link TraceScopeStrategy}), so that a Salesforce request made for the batch is shown in the
 * trace of every interaction it served.
 */
record BatchTrace(Map<String, Span> byRecord) {

    static final ContextKey<BatchTrace> KEY = ContextKey.named("switchboard-batch-trace");
    static final String PROPERTY = "switchboardBatchTrace";

    BatchTrace {
        byRecord = Map.copyOf(byRecord);
    }

    static BatchTrace current() {
        return Context.current().get(KEY);
    }
}
