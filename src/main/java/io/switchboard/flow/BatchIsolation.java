package io.switchboard.flow;

import io.switchboard.model.Interaction;

import io.switchboard.model.Failure;
import io.switchboard.model.Failures;
import io.switchboard.outcome.RecordLimits;
import java.time.Instant;
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
 * Salesforce does not answer a cheap probe either, or the failure is one in which Salesforce states its own condition
 * (a locked row, a spent limit, 503, the budget), it is an outage: consuming pauses and nothing is lost. Otherwise
 * the batch may hold a record whose requests fail for what they hold, and waiting would stall its partitions for
 * good: the batch runs again in halves, then single records, each tried {@value #ATTEMPTS} times. A single record
 * that keeps failing is only a suspect; it is dead-lettered only if other pieces of the same batch went through
 * meanwhile, which is the evidence that the failure follows the record, or if it was a suspect in {@value
 * #SUSPICIONS} searches in a row while Salesforce answered (a record alone in its batch). If nothing went through,
 * if Salesforce stops
 * answering, if consuming is paused meanwhile, or if the search takes longer than its deadline, consuming pauses
 * instead and the whole batch is read again later (its writes are idempotent).
 */
@Component("batchIsolation")
public class BatchIsolation {

    /** Set on the exchange when the batch was isolated and its interactions are the body (else it paused). */
    public static final String ISOLATED = "switchboardIsolated";
    static final int ATTEMPTS = 2;
    /** Searches in a row in which a record alone was the suspect, after which it is dead-lettered all the same. */
    static final int SUSPICIONS = 3;
    /** Suspicions remembered at most (each is a record's coordinates and a count); beyond it, forgotten. */
    private static final int MAX_REMEMBERED = 10_000;
    private static final Logger log = LoggerFactory.getLogger(BatchIsolation.class);

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final SalesforceGateway salesforce;
    private final ConsumerPause pause;
    private final Intake intake;
    private final OffsetCommits offsets;
    private final IsolationProperties properties;
    /** How many searches in a row each suspect record (by its coordinates) was the suspect of. */
    private final java.util.Map<String, Integer> suspicions = new java.util.concurrent.ConcurrentHashMap<>();

    public BatchIsolation(CamelContext camel, ProducerTemplate producer, SalesforceGateway salesforce,
                          ConsumerPause pause, Intake intake, OffsetCommits offsets, IsolationProperties properties) {
        this.camel = camel;
        this.producer = producer;
        this.salesforce = salesforce;
        this.pause = pause;
        this.intake = intake;
        this.offsets = offsets;
        this.properties = properties;
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
                + "smaller pieces to find the records at fault", records.size(),
                cause.error() == null ? cause.getClass().getSimpleName() : cause.error().code());
        Search search = new Search(Instant.now().plus(properties.deadline()));
        try {
            List<Interaction> finished = attempt(records, search);
            if (!search.suspects.isEmpty() && !search.somePieceWentThrough && !suspectedLongEnough(search)) {
                throw new OutageMeanwhile();
            }
            search.suspects.keySet().forEach(s -> suspicions.remove(s.origin().describe()));
            offsets.remember(exchange, records);
            exchange.getMessage().setBody(finished.stream().map(search::verdict).toList());
            exchange.setProperty(ISOLATED, true);
        } catch (OutageMeanwhile outage) {
            pause.pause(exchange);
        }
    }

    /** True when every suspect of this search has been the suspect of enough searches in a row. */
    private boolean suspectedLongEnough(Search search) {
        if (suspicions.size() > MAX_REMEMBERED) {
            suspicions.clear();
        }
        boolean all = true;
        for (Interaction suspect : search.suspects.keySet()) {
            all &= suspicions.merge(suspect.origin().describe(), 1, Integer::sum) >= SUSPICIONS;
        }
        return all;
    }

    /** One search for the records at fault: its deadline, its suspects, and whether any piece went through. */
    private static final class Search {
        final Instant deadline;
        final java.util.Map<Interaction, SalesforceUnavailable> suspects = new java.util.IdentityHashMap<>();
        boolean somePieceWentThrough;

        Search(Instant deadline) {
            this.deadline = deadline;
        }

        /** A suspect is dead-lettered with the error that kept following it; any other result stays as it is. */
        Interaction verdict(Interaction i) {
            SalesforceUnavailable failure = suspects.get(i);
            if (failure == null) {
                return i;
            }
            String code = failure.error() == null ? "SALESFORCE_FAILED" : failure.error().code();
            return i.failedWith(new Failure(code, "Salesforce answers other requests, but this event's keep failing ("
                    + io.switchboard.model.Texts.cut(failure.getMessage(), 500) + "; tried alone " + ATTEMPTS + " times, while other "
                    + "events of its batch went through or in " + SUSPICIONS + " searches in a row). It is dead-lettered so that the events behind it go on: "
                    + "find what in it Salesforce cannot take, then replay it from the dead-letter topic.", "salesforce"));
        }
    }

    private List<Interaction> attempt(List<Exchange> piece, Search search) {
        SalesforceUnavailable last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            if (Instant.now().isAfter(search.deadline)) {
                throw new OutageMeanwhile();
            }
            Exchange run = new DefaultExchange(camel);
            run.getMessage().setBody(new ArrayList<>(piece));
            // a piece goes through by itself: merged into the instance's batch, it would fail or pass with others
            run.setProperty(BatchFormation.ALONE, true);
            producer.send("direct:deliver", run);
            Exception failed = run.getException();
            if (failed == null) {
                search.somePieceWentThrough = true;
                @SuppressWarnings("unchecked")
                List<Interaction> done = run.getMessage().getBody(List.class);
                return done;
            }
            if (pausedOrKafka(failed)) {
                throw new OutageMeanwhile();
            }
            last = unavailable(failed);
            if (last == null) {
                // a defect on this piece: its records are dead-lettered with it (never from the run's own body,
                // which the failed stages have replaced)
                return intake.failedWith(piece, Failures.defect("pipeline", failed));
            }
            if (saysSalesforceIsBusy(last) || !salesforce.answers()) {
                throw new OutageMeanwhile();
            }
        }
        return split(piece, last, search);
    }

    private List<Interaction> split(List<Exchange> records, SalesforceUnavailable failure, Search search) {
        if (records.size() == 1) {
            List<Interaction> suspect = intake.failedWith(records, new Failure("SUSPECT", "", "salesforce"));
            suspect.forEach(s -> search.suspects.put(s, failure));
            return suspect;
        }
        int half = records.size() / 2;
        List<Interaction> out = new ArrayList<>(attempt(records.subList(0, half), search));
        out.addAll(attempt(records.subList(half, records.size()), search));
        return out;
    }

    private static boolean pausedOrKafka(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConsumingPaused || t instanceof org.apache.kafka.common.KafkaException) {
                return true;
            }
        }
        return false;
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

    /** Salesforce stopped answering, consuming paused, or the search ran out of time: it is an outage after all. */
    private static final class OutageMeanwhile extends RuntimeException {
        OutageMeanwhile() {
            super(null, null, false, false);
        }
    }
}
