package io.switchboard.flow;

import io.switchboard.model.Interaction;

import io.switchboard.model.Failure;
import io.switchboard.salesforce.SalesforceGateway;
import io.switchboard.salesforce.SalesforceUnavailable;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What happens to a batch that still fails as if Salesforce were unavailable once its retries are spent. If
 * Salesforce does not answer a cheap probe either, it is an outage: consuming pauses and nothing is lost. If it
 * does answer and the failure was not one that states Salesforce's condition (a locked row, a spent limit, 503), the
 * batch holds a record whose requests fail for what they hold, and waiting would stall its
 * partitions for good: the batch is run again in halves, then single records, each tried {@value #ATTEMPTS} times, so
 * the records at fault are found and dead-lettered with the error and the rest are delivered. The attempts are
 * bounded (about two per halving), and an outage that begins meanwhile still pauses.
 */
@Component("batchIsolation")
public class BatchIsolation {

    /** Set on the exchange when the batch was isolated and its interactions are the body (else it paused). */
    public static final String ISOLATED = "switchboardIsolated";
    static final int ATTEMPTS = 2;
    private static final Logger log = LoggerFactory.getLogger(BatchIsolation.class);

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final SalesforceGateway salesforce;
    private final ConsumerPause pause;
    private final Intake intake;
    private final OffsetCommits offsets;

    public BatchIsolation(CamelContext camel, ProducerTemplate producer, SalesforceGateway salesforce,
                          ConsumerPause pause, Intake intake, OffsetCommits offsets) {
        this.camel = camel;
        this.producer = producer;
        this.salesforce = salesforce;
        this.pause = pause;
        this.intake = intake;
        this.offsets = offsets;
    }

    /** The error handler's step for {@link SalesforceUnavailable} once the batch's retries are spent. */
    public void isolate(Exchange exchange) {
        exchange.setProperty(ISOLATED, false);
        SalesforceUnavailable cause = unavailable(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        if (cause == null || saysSalesforceIsBusy(cause) || !salesforce.answers()) {
            pause.pause(exchange);
            return;
        }
        List<Exchange> records = Intake.records(exchange);
        log.warn("A batch of {} records keeps failing ({}) while Salesforce answers other requests: running it again in "
                + "smaller pieces to find the records at fault", records.size(), cause.getMessage());
        try {
            List<Interaction> finished = attempt(records);
            offsets.remember(exchange, records);
            exchange.getMessage().setBody(finished);
            exchange.setProperty(ISOLATED, true);
        } catch (OutageMeanwhile outage) {
            pause.pause(exchange);
        }
    }

    private List<Interaction> split(List<Exchange> records, SalesforceUnavailable failure) {
        if (records.size() == 1) {
            return intake.failedWith(records, new Failure(failure.error().code(), "Salesforce answers other requests, but "
                    + "this event's keep failing (" + failure.getMessage() + "; tried alone " + ATTEMPTS + " times). It is "
                    + "dead-lettered so that the events behind it go on: find what in it Salesforce cannot take, then "
                    + "replay it from the dead-letter topic.", "salesforce"));
        }
        int half = records.size() / 2;
        List<Interaction> out = new ArrayList<>(attempt(records.subList(0, half)));
        out.addAll(attempt(records.subList(half, records.size())));
        return out;
    }

    private List<Interaction> attempt(List<Exchange> piece) {
        SalesforceUnavailable last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            Exchange run = new DefaultExchange(camel);
            run.getMessage().setBody(new ArrayList<>(piece));
            producer.send("direct:deliver", run);
            Exception failed = run.getException();
            if (failed == null) {
                @SuppressWarnings("unchecked")
                List<Interaction> done = run.getMessage().getBody(List.class);
                return done;
            }
            last = unavailable(failed);
            if (last == null) {
                run.setProperty(Exchange.EXCEPTION_CAUGHT, failed);
                return intake.failed(run);
            }
            if (saysSalesforceIsBusy(last) || !salesforce.answers()) {
                throw new OutageMeanwhile();
            }
        }
        return split(piece, last);
    }

    /**
     * A locked row, a spent limit, a server saying it is unavailable, the budget guard: these say what state
     * Salesforce is in, not what a request holds, so they pause consuming and are never blamed on a record. Only
     * failures that could come from the request (no answer at all, another 5xx) are isolated.
     */
    private static boolean saysSalesforceIsBusy(SalesforceUnavailable cause) {
        return cause.error() == null || cause.error().saysSalesforceIsBusy();
    }

    private static SalesforceUnavailable unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SalesforceUnavailable u) {
                return u;
            }
        }
        return null;
    }

    /** Salesforce stopped answering while the batch was being split: it is an outage after all. */
    private static final class OutageMeanwhile extends RuntimeException {
        OutageMeanwhile() {
            super(null, null, false, false);
        }
    }
}
