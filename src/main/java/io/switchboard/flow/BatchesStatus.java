package io.switchboard.flow;

import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/**
 * The instance's batches over JMX ({@code io.switchboard:type=Batches}). A bean apart from {@link BatchFormation},
 * which is a route step: a step's bean carrying JMX annotations becomes the step's processor MBean without the
 * attributes every processor MBean has, and Camel's route statistics (Hawtio's route diagram) fail (see
 * {@link ConsumingStatus}).
 */
@Component
@ManagedResource(objectName = "io.switchboard:type=Batches", description = "The instance's batches of events")
public class BatchesStatus {

    private final BatchFormation batches;

    public BatchesStatus(BatchFormation batches) {
        this.batches = batches;
    }

    @ManagedAttribute(description = "What a batch takes now (moving average, ms): the deadline leaves this much")
    public long getExpectedBatchMillis() {
        return batches.getExpectedBatchMillis();
    }

    @ManagedAttribute(description = "Events in the last batch")
    public int getLastBatchSize() {
        return batches.getLastBatchSize();
    }

    @ManagedAttribute(description = "The latency budget of a batch's oldest event now (ms): longer while the API budget is slowed")
    public long getLatencyTargetMillis() {
        return batches.getLatencyTargetMillis();
    }

    @ManagedAttribute(description = "How long the consumer threads gather records before handing them over (ms)")
    public long getGatheringMillis() {
        return batches.getGatheringMillis();
    }
}
