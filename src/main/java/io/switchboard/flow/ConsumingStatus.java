package io.switchboard.flow;

import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/**
 * Whether consumption is paused, and why, over JMX ({@code io.switchboard:type=Consuming}). A bean of its own, not
 * {@link ConsumerPause} itself: a route step's bean that carries JMX annotations becomes that step's processor
 * MBean in Camel, without the attributes every processor MBean has (RouteId, Index, ...), and Camel's route
 * statistics, which Hawtio's route diagram reads, then fail for every route.
 */
@Component
@ManagedResource(objectName = "io.switchboard:type=Consuming", description = "Pauses of consumption during outages")
public class ConsumingStatus {

    private final ConsumerPause pause;

    public ConsumingStatus(ConsumerPause pause) {
        this.pause = pause;
    }

    @ManagedAttribute(description = "True while consumption is paused")
    public boolean isPaused() {
        return pause.isPaused();
    }

    @ManagedAttribute(description = "Why consumption was last paused")
    public String getLastCause() {
        return pause.getLastCause();
    }
}
