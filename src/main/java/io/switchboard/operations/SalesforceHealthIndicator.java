package io.switchboard.operations;

import io.switchboard.salesforce.ApiBudget;
import io.switchboard.salesforce.ApiUsage;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Salesforce's state as the service's own traffic last saw it. It sends no request of its own: probes must not
 * spend the org's API budget.
 */
@Component("salesforce")
public class SalesforceHealthIndicator implements HealthIndicator {

    private final ApiUsage usage;
    private final ApiBudget budget;

    public SalesforceHealthIndicator(ApiUsage usage, ApiBudget budget) {
        this.usage = usage;
        this.budget = budget;
    }

    @Override
    public Health health() {
        Health.Builder health = usage.lastError() != null ? Health.down().withDetail("lastError", usage.lastError())
                : usage.lastSuccess() != null ? Health.up() : Health.unknown().withDetail("note", "no request sent yet");
        health.withDetail("requests", usage.getRequests());
        if (usage.lastSuccess() != null) {
            health.withDetail("lastSuccess", usage.lastSuccess().toString());
        }
        if (usage.getOrgMax() > 0) {
            health.withDetail("orgApiUsage", usage.getOrgUsed() + "/" + usage.getOrgMax());
        }
        health.withDetail("budget", budget.getState());
        if (budget.state() == ApiBudget.State.STOPPED) {
            health.status("OUT_OF_SERVICE").withDetail("note", "holding requests back: the org's daily API budget is "
                    + "nearly spent (switchboard.budget.stop-at)");
        }
        return health.build();
    }
}
