package io.switchboard.flow;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param deadline how long the search for the record at fault in a failing batch may take before consuming pauses
 *                 instead (well within the broker's poll interval, so the partitions stay with this instance)
 */
@ConfigurationProperties("switchboard.isolation")
public record IsolationProperties(@DefaultValue("3m") Duration deadline) {
}
