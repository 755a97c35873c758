package io.switchboard.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.springframework.stereotype.Component;

/**
 * Makes a batch's {@link BatchTrace} current while each step of the batch runs, and only then: the scope opens and
 * closes around one bean step on the thread that runs it, whatever thread the next step runs on.
 */
@Component
class TraceScopeStrategy implements InterceptStrategy {

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        // Salesforce is called from bean steps only; every other step (Kafka producers among them) stays as it is
        if (!"bean".equals(definition.getShortName())) {
            return target;
        }
        return new BatchTraceScope(target);
    }

    /**
     * An asynchronous processor, so that Camel keeps its asynchronous routing engine (a plain processor here makes
     * Camel bridge every bean step to synchronous routing, and say so at each start). The scope covers the part of
     * the step that runs on the calling thread; a step that completes later on another thread runs there outside it,
     * as a scope belongs to one thread.
     */
    private static final class BatchTraceScope extends DelegateAsyncProcessor {

        BatchTraceScope(Processor target) {
            super(target);
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            BatchTrace trace = exchange.getProperty(BatchTrace.PROPERTY, BatchTrace.class);
            if (trace == null) {
                return super.process(exchange, callback);
            }
            try (Scope ignored = Context.current().with(BatchTrace.KEY, trace).makeCurrent()) {
                return super.process(exchange, callback);
            }
        }

        @Override
        public String toString() {
            return "BatchTraceScope[" + getProcessor() + "]";
        }
    }
}
