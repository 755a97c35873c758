package io.switchboard.rules;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param path           the rules file
 * @param reloadInterval how often the file is checked for changes (0: never reload)
 * @param startupTimeout how long start-up waits for Salesforce to check the rules against the org
 * @param route          the consuming route, started only once the rules are known to be valid
 */
@ConfigurationProperties("switchboard.rules")
public record RulesProperties(@DefaultValue("config/rules.yaml") Path path,
                              @DefaultValue("2s") Duration reloadInterval,
                              @DefaultValue("5m") Duration startupTimeout,
                              @DefaultValue("interactions") String route) {
}
