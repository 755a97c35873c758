package io.switchboard.rules;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The rules in force. Loaded once at start-up (an invalid file stops the service before any event is touched);
 * a later replacement swaps the whole set atomically, so one batch always sees one version.
 */
@Component
public class ActiveRules {

    private static final Logger log = LoggerFactory.getLogger(ActiveRules.class);

    private final AtomicReference<Rules> current;

    public ActiveRules(RulesProperties properties, CamelContext camel) {
        Rules rules = new RulesLoader(camel).load(properties.path());
        log.info("Loaded rules from {} for {} event types: {}", properties.path(), rules.byType().size(),
                rules.byType().keySet());
        this.current = new AtomicReference<>(rules);
    }

    public Rules get() {
        return current.get();
    }

    public void replace(Rules rules) {
        current.set(rules);
    }
}
