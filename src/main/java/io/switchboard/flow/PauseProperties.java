package io.switchboard.flow;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param initial how long consuming pauses the first time a batch cannot be finished
 * @param longest the longest pause, doubling up to it while the trouble lasts
 */
@ConfigurationProperties("switchboard.pause")
public record PauseProperties(@DefaultValue("30s") Duration initial, @DefaultValue("10m") Duration longest) {
}
