package io.switchboard.rules;

import io.switchboard.salesforce.SalesforceUnavailable;
import java.time.Instant;
import java.util.List;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Checks the rules against the org before a single event is touched, then starts consuming. Rules with problems
 * stop the service with every problem listed. While Salesforce cannot be reached it keeps trying, up to
 * {@code switchboard.rules.startup-timeout}.
 */
@Component
public class RulesCheckAtStartup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(RulesCheckAtStartup.class);

    private final ActiveRules active;
    private final RulesValidator validator;
    private final RulesProperties properties;
    private final CamelContext camel;
    private final RulesReloader reloader;

    public RulesCheckAtStartup(ActiveRules active, RulesValidator validator, RulesProperties properties,
                               CamelContext camel, RulesReloader reloader) {
        this.reloader = reloader;
        this.active = active;
        this.validator = validator;
        this.properties = properties;
        this.camel = camel;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        Loaded loaded = active.atStart();
        Rules rules = loaded.rules();
        Instant deadline = Instant.now().plus(properties.startupTimeout());
        List<String> problems;
        long wait = 500;
        while (true) {
            try {
                problems = validator.problems(loaded);
                break;
            } catch (SalesforceUnavailable e) {
                if (!loaded.problems().isEmpty()) {
                    // no need to wait for the org to say the file must change
                    throw new InvalidRulesException(rules.origin(), withNote(loaded.problems(),
                            "(not yet checked against the org, which is not reachable: " + e.getMessage() + ")"));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Could not check the rules against Salesforce within "
                            + properties.startupTimeout() + ": " + e.getMessage()
                            + ". Check the Salesforce connection settings and that the org is reachable.", e);
                }
                log.warn("Salesforce is not reachable to check the rules ({}); trying again in {} ms", e.getMessage(), wait);
                Thread.sleep(wait);
                wait = Math.min(wait * 2, 30_000);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRulesException(rules.origin(), problems);
        }
        log.info("Rules of {} checked against the org: {} event types; starting to consume", rules.origin(),
                rules.byType().size());
        camel.getRouteController().startRoute(properties.route());
        reloader.start();
    }

    private static List<String> withNote(List<String> problems, String note) {
        List<String> all = new java.util.ArrayList<>(problems);
        all.add(note);
        return all;
    }
}
