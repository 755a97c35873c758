package io.switchboard.tracing;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.AsyncProcessorConverterHelper;
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
        // a bean step runs synchronously: as an AsyncProcessor that says so (Camel logs a WARN at start for each plain
        // Processor an interceptor returns, 17 of them, then bridges it the same way)
        return AsyncProcessorConverterHelper.convert(exchange -> {
            BatchTrace trace = exchange.getProperty(BatchTrace.PROPERTY, BatchTrace.class);
            if (trace == null) {
                target.process(exchange);
                return;
            }
            try (Scope ignored = Context.current().with(BatchTrace.KEY, trace).makeCurrent()) {
                target.process(exchange);
            }
        });
    }
}
