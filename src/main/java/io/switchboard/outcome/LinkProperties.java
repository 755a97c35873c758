package io.switchboard.outcome;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param recordUrlBase where the org's Lightning pages are (e.g. {@code https://acme.lightning.force.com});
 *                      blank: the instance URL of the component's session
 */
@ConfigurationProperties("switchboard.salesforce")
public record LinkProperties(@DefaultValue("") String recordUrlBase) {
}
