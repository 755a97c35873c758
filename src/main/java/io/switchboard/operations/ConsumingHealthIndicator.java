package io.switchboard.operations;

import io.switchboard.flow.ConsumerPause;
import io.switchboard.privacy.Pii;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether records are being consumed: OUT_OF_SERVICE while consumption is paused (Salesforce unavailable past the
 * retries, the outcome topic not writable), with the reason. Part of readiness, never of liveness: a pause is the
 * service doing its job, not a process to restart.
 */
@Component("consuming")
public class ConsumingHealthIndicator implements HealthIndicator {

    private final ConsumerPause pause;

    public ConsumingHealthIndicator(ConsumerPause pause) {
        this.pause = pause;
    }

    @Override
    public Health health() {
        if (pause.isPaused()) {
            return Health.outOfService().withDetail("paused", true)
                    .withDetail("reason", Pii.mask(String.valueOf(pause.getLastCause()))).build();
        }
        return Health.up().withDetail("paused", false).build();
    }
}
