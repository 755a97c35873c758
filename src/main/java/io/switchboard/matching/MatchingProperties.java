package io.switchboard.matching;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultRegion ISO 3166 region assumed for phone numbers written without a country code
 */
@ConfigurationProperties("switchboard.matching")
public record MatchingProperties(@DefaultValue("US") String defaultRegion) {
}
