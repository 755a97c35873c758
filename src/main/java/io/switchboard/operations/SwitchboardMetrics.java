package io.switchboard.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.switchboard.salesforce.ApiBudget;
import io.switchboard.salesforce.ApiUsage;
import org.springframework.stereotype.Component;

/**
 * The org's API usage and the budget state as gauges (/actuator/metrics, /actuator/prometheus). Outcomes and
 * Salesforce requests are counters, counted where they happen (Outcomes, SalesforceTransport).
 */
@Component
public class SwitchboardMetrics implements MeterBinder {

    private final ApiUsage usage;
    private final ApiBudget budget;

    public SwitchboardMetrics(ApiUsage usage, ApiBudget budget) {
        this.usage = usage;
        this.budget = budget;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("switchboard.salesforce.org.api.used", usage, ApiUsage::getOrgUsed)
                .description("Org-wide API requests used today (Sforce-Limit-Info)").register(registry);
        Gauge.builder("switchboard.salesforce.org.api.max", usage, ApiUsage::getOrgMax).register(registry);
        Gauge.builder("switchboard.salesforce.budget.state", budget, b -> b.state().ordinal())
                .description("0 normal, 1 slowed, 2 stopped").register(registry);
    }
}
