package io.switchboard.rules;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The rules in force. Loaded once at start-up (an invalid file stops the service before any event is touched,
 * once {@link RulesCheckAtStartup} has listed its problems of every stage);
 * a later replacement swaps the whole set atomically, so one batch always sees one version.
 */
@Component
public class ActiveRules {

    private static final Logger log = LoggerFactory.getLogger(ActiveRules.class);

    private final AtomicReference<Rules> current;
    private final Loaded atStart;

    public ActiveRules(RulesProperties properties, CamelContext camel) {
        this.atStart = new RulesLoader(camel).read(properties.path());
        if (!atStart.readable()) {
            throw new InvalidRulesException(atStart.origin(), atStart.problems());
        }
        Rules rules = atStart.rules();
        log.info("Loaded rules from {} for {} event types: {}", properties.path(), rules.byType().size(),
                rules.byType().keySet());
        this.current = new AtomicReference<>(rules);
    }

    /** The file as read at start, with the problems of its structure: checked with the org's before consuming. */
    public Loaded atStart() {
        return atStart;
    }

    public Rules get() {
        return current.get();
    }

    public void replace(Rules rules) {
        current.set(rules);
    }
}
