package io.switchboard.salesforce;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The share of the org's daily API requests this service lets itself use (the count is org-wide, so every instance
 * sees the same figure and they need not talk to each other).
 *
 * @param slowDownAt    from this share of the daily maximum on, each request is delayed, more as usage grows
 * @param stopAt        from this share on, no request is sent (batches wait); other integrations keep the rest
 * @param maxDelay      the delay just before {@code stopAt}
 * @param probeInterval while stopped, one request is let through this often to read the usage again
 */
@ConfigurationProperties("switchboard.budget")
public record BudgetProperties(@DefaultValue("0.80") double slowDownAt, @DefaultValue("0.95") double stopAt,
                               @DefaultValue("2s") Duration maxDelay, @DefaultValue("60s") Duration probeInterval) {
}
