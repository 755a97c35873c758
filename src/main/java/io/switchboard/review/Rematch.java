package io.switchboard.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.switchboard.coordination.Elections;
import io.switchboard.coordination.LeaderElection;
import io.switchboard.coordination.Leadership;
import io.switchboard.event.EventParser;
import io.switchboard.matching.Matcher;
import io.switchboard.model.Interaction;
import io.switchboard.model.RecordOrigin;
import io.switchboard.model.Resolution;
import io.switchboard.rules.RuleEngine;
import io.switchboard.salesforce.SalesforceUnavailable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Matches the waiting interactions again, so that one whose person now exists in the org, or whose ambiguity is
 * gone (a duplicate merged), leaves the queue by itself: it is delivered to the record it now matches, as an
 * operator would have chosen. Runs every {@code switchboard.review.rematch-interval}, when the change feed says
 * records changed, or when an operator asks; through the pipeline's own rules and batch matcher, so it costs one
 * round of matching requests per batch of held interactions (counted like all), and nothing when none waits.
 * The timer runs once per service, not once per instance: on the instance elected for it (Kafka group membership,
 * {@link Elections}, role {@code review-rematch}); another takes over when that one goes.
 */
@Component
public class Rematch implements DisposableBean {

    /** Who decides when a held interaction matches by itself. */
    public static final String ACTOR = "re-match";

    private static final Logger log = LoggerFactory.getLogger(Rematch.class);
    private static final Pattern COST = Pattern.compile("matching: (\\d+) Salesforce requests? for a batch");

    private final ReviewQueue queue;
    private final Resolver resolver;
    private final EventParser parser;
    private final RuleEngine rules;
    private final Matcher matcher;
    private final ReviewProperties properties;
    /** The timer's election among the service's instances (its consumer group: {@code <group-id>.review-rematch}). */
    static final String ROLE = "review-rematch";

    private final Elections elections;
    private final Object timerLock = new Object();
    private ScheduledExecutorService timer;
    private volatile LeaderElection election;

    Rematch(ReviewQueue queue, Resolver resolver, EventParser parser, RuleEngine rules, Matcher matcher,
            ReviewProperties properties, Elections elections) {
        this.elections = elections;
        this.queue = queue;
        this.resolver = resolver;
        this.parser = parser;
        this.rules = rules;
        this.matcher = matcher;
        this.properties = properties;
    }

    /**
     * What a re-match did.
     *
     * @param waiting   interactions that were waiting
     * @param delivered those that matched one record now and were sent on to it
     * @param requests  Salesforce requests matching cost
     * @param problem   why it could not run (Salesforce unavailable), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Report(int waiting, int delivered, int requests, String problem) {
    }

    @EventListener(ApplicationReadyEvent.class)
    public void startTimer() {
        schedule(properties.rematchInterval());
    }

    /**
     * Matches the held interactions again every {@code every} from now on (zero or less: never by time), on this
     * instance while it is the one elected for it.
     */
    public void schedule(java.time.Duration every) {
        stopTimer();
        if (every.isZero() || every.isNegative()) {
            return;
        }
        election = elections.join(ROLE, new Leadership() {
            @Override
            public void lead() {
                startTimer(every);
            }

            @Override
            public void standDown() {
                cancelTimer();
            }
        });
    }

    /** Whether this instance is the one whose timer matches the held interactions again. */
    public boolean timerRuns() {
        synchronized (timerLock) {
            return timer != null;
        }
    }

    /** No timer any more on this instance: leaves the election (another instance's timer takes over). */
    public void stopTimer() {
        LeaderElection e = election;
        election = null;
        if (e != null) {
            // outside the lock: leaving stands the timer down on the election's thread
            e.close();
        }
        cancelTimer();
    }

    private void startTimer(java.time.Duration every) {
        synchronized (timerLock) {
            cancelTimer();
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "switchboard-review-rematch");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::runQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void cancelTimer() {
        ScheduledExecutorService stopping;
        synchronized (timerLock) {
            stopping = timer;
            timer = null;
        }
        if (stopping != null) {
            stopping.shutdown();
            // standing down means stopped: a run under way finishes before another instance may start its own
            try {
                if (!stopping.awaitTermination(60, TimeUnit.SECONDS)) {
                    stopping.shutdownNow();
                }
            } catch (InterruptedException e) {
                stopping.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void runQuietly() {
        try {
            run(ACTOR);
        } catch (RuntimeException e) {
            log.warn("Matching the held interactions again failed ({}); next try in {}", e.getClass().getSimpleName(),
                    properties.rematchInterval());
        }
    }

    /** Matches every waiting interaction again, a batch at a time. */
    public synchronized Report run(String actor) {
        List<ReviewItem> waiting = queue.waiting();
        if (waiting.isEmpty()) {
            return new Report(0, 0, 0, null);
        }
        int delivered = 0;
        int requests = 0;
        for (int from = 0; from < waiting.size(); from += Math.max(1, properties.rematchBatch())) {
            List<ReviewItem> chunk = waiting.subList(from, Math.min(waiting.size(), from + Math.max(1, properties.rematchBatch())));
            List<Interaction> matched;
            try {
                matched = matcher.match(rules.apply(chunk.stream().map(this::interaction).toList()));
            } catch (SalesforceUnavailable unavailable) {
                return finish(actor, new Report(waiting.size(), delivered, requests,
                        "Salesforce is unavailable; the held interactions are matched again later"));
            }
            requests += cost(matched);
            for (int n = 0; n < chunk.size(); n++) {
                Interaction now = matched.get(n);
                if (now.pending() && now.match() != null && now.match().found()) {
                    ActionResult result = resolver.resolve(chunk.get(n).eventId(), "deliver", actor,
                            Resolution.deliverTo(now.match().id(), actor, "matched " + now.match().sObject() + " "
                                    + now.match().id() + " by " + now.match().by() + " on a new try"),
                            "to " + now.match().id() + " (" + now.match().sObject() + ", matched by " + now.match().by() + ")");
                    if (result.accepted()) {
                        delivered++;
                    }
                }
            }
        }
        return finish(actor, new Report(waiting.size(), delivered, requests, null));
    }

    private Report finish(String actor, Report report) {
        // what changed nothing is not worth an entry every few minutes; what an operator asked for always is
        if (report.delivered() > 0 || !actor.startsWith(ACTOR) || report.problem() != null) {
            resolver.audit(actor, "re-match", null, report.problem() == null ? ActionResult.Status.ACCEPTED
                    : ActionResult.Status.FAILED, report.waiting() + " waiting, " + report.delivered() + " delivered, "
                    + report.requests() + " Salesforce requests" + (report.problem() == null ? "" : "; " + report.problem()));
        }
        return report;
    }

    /** The held record as the pipeline consumed it, to be ruled and matched as then. */
    private Interaction interaction(ReviewItem item) {
        byte[] value = item.value().getBytes(StandardCharsets.UTF_8);
        RecordOrigin origin = new RecordOrigin(item.origin().topic(), item.origin().partition(), item.origin().offset(),
                item.key(), value);
        EventParser.ParsedEvent parsed = parser.parse(value);
        return parsed.event() == null
                ? Interaction.rejected(origin, new io.switchboard.model.Failure(parsed.rejection().code(),
                parsed.rejection().message(), "parse"))
                : Interaction.received(origin, parsed.event());
    }

    /** The matching requests of a batch, as the matcher notes them (one note per batch). */
    private static int cost(List<Interaction> matched) {
        for (Interaction i : matched) {
            for (String note : i.notes()) {
                java.util.regex.Matcher m = COST.matcher(note);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
        }
        return 0;
    }

    /** A stopping instance hands the timer over first. */
    @EventListener(org.springframework.context.event.ContextClosedEvent.class)
    public void onClosing() {
        stopTimer();
    }

    @Override
    public void destroy() {
        stopTimer();
    }
}
