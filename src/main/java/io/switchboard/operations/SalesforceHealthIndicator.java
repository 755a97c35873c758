package io.switchboard.operations;

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

    public SalesforceHealthIndicator(ApiUsage usage) {
        this.usage = usage;
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
        return health.build();
    }
}
