package io.switchboard.coordination;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the instances of one service agree on which of them runs the parts that must run once per service (the change
 * feed, the review queue's timed re-match): Kafka group membership on a one-partition coordination topic.
 *
 * @param topic          the coordination topic (one partition, created at start when missing); no records are
 *                       written to it: only its partition's assignment counts
 * @param sessionTimeout how long the broker waits for a silent member (a killed or frozen instance) before another
 *                       takes over: the failover time after a crash (a clean stop hands over at once). Within the
 *                       broker's group.min.session.timeout.ms (6 s) and group.max.session.timeout.ms (30 min)
 */
@ConfigurationProperties("switchboard.coordination")
public record CoordinationProperties(@DefaultValue("switchboard.coordination") String topic,
                                     @DefaultValue("10s") Duration sessionTimeout) {

    public CoordinationProperties {
        if (sessionTimeout == null || sessionTimeout.compareTo(Duration.ofSeconds(6)) < 0) {
            throw new IllegalArgumentException("switchboard.coordination.session-timeout must be at least 6s"
                    + " (the broker's default group.min.session.timeout.ms)");
        }
    }
}
