package io.switchboard.rules;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Where the rules file lives ({@code switchboard.rules.path}). */
@ConfigurationProperties("switchboard.rules")
public record RulesProperties(@DefaultValue("config/rules.yaml") Path path) {
}
