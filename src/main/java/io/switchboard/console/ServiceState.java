package io.switchboard.console;

import io.switchboard.flow.ConsumerPause;
import io.switchboard.operations.ConsumerLag;
import io.switchboard.operations.SalesforceHealthIndicator;
import io.switchboard.rules.RulesReloader;
import io.switchboard.salesforce.ApiBudget;
import io.switchboard.salesforce.ApiUsage;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/** What the overview shows of the service itself: API budget, lag, pause, rules, Salesforce health. */
@Component
public class ServiceState {

    /** The state at one moment, for the overview page and {@code GET /console/api/overview}. */
    public record Snapshot(long orgApiUsed, long orgApiMax, double usedPercent, String budgetState,
                           long requestsSent, ConsumerLag.Lags lag, boolean paused, String pauseCause,
                           String lastSuccessfulReload, String lastReload, List<String> ruleProblems,
                           List<String> eventTypes, String salesforceStatus, Map<String, Object> salesforceDetails) {
    }

    private final ApiUsage usage;
    private final ApiBudget budget;
    private final ConsumerLag lag;
    private final ConsumerPause pause;
    private final RulesReloader rules;
    private final SalesforceHealthIndicator salesforce;

    public ServiceState(ApiUsage usage, ApiBudget budget, ConsumerLag lag, ConsumerPause pause, RulesReloader rules,
                        SalesforceHealthIndicator salesforce) {
        this.usage = usage;
        this.budget = budget;
        this.lag = lag;
        this.pause = pause;
        this.rules = rules;
        this.salesforce = salesforce;
    }

    public Snapshot now() {
        Health health = salesforce.health();
        return new Snapshot(usage.getOrgUsed(), usage.getOrgMax(), budget.getUsedPercent(), budget.getState(),
                usage.getRequests(), lag.read(), pause.isPaused(), pause.getLastCause(),
                rules.getLastSuccessfulReload(), rules.getLastReload(), List.of(rules.getLastProblems()),
                rules.getEventTypes(), health.getStatus().getCode(), health.getDetails());
    }
}
