package io.switchboard.outcome;

import io.switchboard.model.Decision;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/** How many consumed records ended each way since start; over JMX, so in Hawtio too. */
@Component
@ManagedResource(objectName = "io.switchboard:type=Outcomes", description = "Consumed records by outcome")
public class OutcomeCounters {

    private final Map<Decision, AtomicLong> counts = new EnumMap<>(Decision.class);

    public OutcomeCounters() {
        for (Decision d : Decision.values()) {
            counts.put(d, new AtomicLong());
        }
    }

    void count(Decision decision) {
        counts.get(decision).incrementAndGet();
    }

    @ManagedAttribute(description = "Records delivered to Salesforce")
    public long getDelivered() {
        return counts.get(Decision.DELIVERED).get();
    }

    @ManagedAttribute(description = "Records skipped by a rule")
    public long getSkippedByRule() {
        return counts.get(Decision.SKIPPED_BY_RULE).get();
    }

    @ManagedAttribute(description = "Records held for review (each time one is held)")
    public long getHeldForReview() {
        return counts.get(Decision.HELD_FOR_REVIEW).get();
    }

    @ManagedAttribute(description = "Records an operator skipped in the review queue")
    public long getSkippedInReview() {
        return counts.get(Decision.SKIPPED_IN_REVIEW).get();
    }

    @ManagedAttribute(description = "Records sent to the dead-letter topic")
    public long getDeadLettered() {
        return counts.get(Decision.DEAD_LETTERED).get();
    }
}
