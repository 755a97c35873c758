package io.switchboard.flow;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the instance's batch is formed from what its consumer threads hand over (see {@link BatchFormation}).
 *
 * @param batchLatencyTarget how long after its publication the oldest event of a batch should have its outcome: a
 *                           batch closes when its oldest record's age plus the time batches take now (measured)
 *                           reaches this, so it holds more events at a higher arrival rate and waits less when the
 *                           org answers slowly
 * @param batchLatencyTargetWhenSlowed the target while the org's API usage is past the budget's slow-down-at: fuller
 *                           batches, fewer requests per event, for more latency (the budget as a dial)
 * @param batchMaxRecords    the largest batch; a consumer thread's records that would pass it start the next one
 */
@ConfigurationProperties("switchboard.kafka")
public record BatchingProperties(@DefaultValue("1700ms") Duration batchLatencyTarget,
                                 @DefaultValue("5s") Duration batchLatencyTargetWhenSlowed,
                                 @DefaultValue("3000") int batchMaxRecords) {
}
