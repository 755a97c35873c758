package io.switchboard.salesforce;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/**
 * Keeps the service inside its share of the org's daily API requests, read from {@code Sforce-Limit-Info} on every
 * response: past {@code slow-down-at} each request waits a little, more as usage grows; past {@code stop-at} no
 * request goes out and batches wait (nothing is dead-lettered), with one probe now and then to see the usage fall.
 */
@Component
@ManagedResource(objectName = "io.switchboard:type=ApiBudget", description = "Share of the org's daily API requests")
public class ApiBudget {

    public enum State { NORMAL, SLOWED, STOPPED }

    private static final Logger log = LoggerFactory.getLogger(ApiBudget.class);

    private final ApiUsage usage;
    private final BudgetProperties properties;
    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<Instant> lastProbe = new AtomicReference<>(Instant.EPOCH);
    private final AtomicReference<State> state = new AtomicReference<>(State.NORMAL);

    public ApiBudget(ApiUsage usage, BudgetProperties properties) {
        this.usage = usage;
        this.properties = properties;
    }

    /** Called before every request: may wait, or refuse with {@link SalesforceUnavailable}. */
    public void beforeRequest(String operation) {
        double share = usage.orgShare();
        if (share >= properties.stopAt()) {
            Instant now = clock.instant();
            Instant probe = lastProbe.get();
            if (probe.plus(properties.probeInterval()).isAfter(now) || !lastProbe.compareAndSet(probe, now)) {
                enter(State.STOPPED, share);
                throw new SalesforceUnavailable(operation, new SalesforceError(0, "API_BUDGET_RESERVED",
                        String.format("the org has used %.1f%% of its daily API requests; Switchboard stops at %.0f%% "
                                + "so other integrations keep the rest (switchboard.budget.stop-at)",
                                share * 100, properties.stopAt() * 100), List.of()), null);
            }
            return;
        }
        if (share >= properties.slowDownAt()) {
            enter(State.SLOWED, share);
            double depth = (share - properties.slowDownAt()) / (properties.stopAt() - properties.slowDownAt());
            long delay = (long) (properties.maxDelay().toMillis() * Math.min(1, depth));
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        enter(State.NORMAL, share);
    }

    private void enter(State next, double share) {
        State before = state.getAndSet(next);
        if (before != next) {
            log.warn("Salesforce API budget: {} -> {} at {}% of the org's daily requests", before, next,
                    String.format("%.1f", share * 100));
        }
    }

    @ManagedAttribute(description = "NORMAL, SLOWED (requests delayed) or STOPPED (requests held back)")
    public String getState() {
        return state.get().name();
    }

    public State state() {
        return state.get();
    }

    @ManagedAttribute(description = "Org-wide share of the daily API requests used, in percent")
    public double getUsedPercent() {
        return Math.round(usage.orgShare() * 1000) / 10.0;
    }
}
