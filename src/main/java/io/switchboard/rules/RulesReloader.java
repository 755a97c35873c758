package io.switchboard.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/**
 * Reloads the rules file when it changes while the service runs. A valid file replaces the rules in force
 * atomically (the next batch uses it whole); an invalid one is rejected with its problems and the running rules
 * stay. Polling the file's modification time works on every file system, mounted volumes included.
 */
@Component
@ManagedResource(objectName = "io.switchboard:type=Rules", description = "The rules in force and their reloads")
public class RulesReloader implements DisposableBean, org.springframework.context.ApplicationEventPublisherAware {

    private static final Logger log = LoggerFactory.getLogger(RulesReloader.class);

    private final ActiveRules active;
    private final RulesValidator validator;
    private final RulesProperties properties;
    private final RulesLoader loader;
    private final AtomicReference<FileTime> seen = new AtomicReference<>();
    private final AtomicReference<List<String>> lastProblems = new AtomicReference<>(List.of());
    private final AtomicReference<Instant> lastReload = new AtomicReference<>();
    private final AtomicReference<Instant> lastSuccessfulReload = new AtomicReference<>();
    private ScheduledExecutorService timer;
    private org.springframework.context.ApplicationEventPublisher events = event -> { };

    private final io.switchboard.salesforce.OrgMetadata metadata;

    public RulesReloader(ActiveRules active, RulesValidator validator, RulesProperties properties, CamelContext camel,
                         io.switchboard.salesforce.OrgMetadata metadata) {
        this.metadata = metadata;
        this.active = active;
        this.validator = validator;
        this.properties = properties;
        this.loader = new RulesLoader(camel);
    }

    /**
     * Starts watching the file; called once the rules in force have passed their check at start-up. (Not a
     * Spring lifecycle bean: that would start the Camel context early, before its routes are added.)
     */
    public synchronized void start() {
        if (properties.reloadInterval().isZero()) {
            return;
        }
        seen.set(modified());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rules-reloader");
            t.setDaemon(true);
            return t;
        });
        long every = properties.reloadInterval().toMillis();
        timer.scheduleWithFixedDelay(this::checkSafely, every, every, TimeUnit.MILLISECONDS);
    }

    private void checkSafely() {
        try {
            FileTime now = modified();
            if (now != null && !now.equals(seen.get())) {
                seen.set(now);
                reload();
            }
        } catch (RuntimeException e) {
            log.error("Checking {} for changes failed: {}", properties.path(), e.toString());
        }
    }

    /** Loads and checks the file now; returns the problems (empty: the new rules are in force). */
    public List<String> reload() {
        try {
            Loaded read = loader.read(properties.path());
            if (!read.readable()) {
                throw new InvalidRulesException(read.origin(), read.problems());
            }
            // An edit often follows a change in Setup (a new field, a picklist value): check against today's org.
            metadata.forget();
            List<String> problems = validator.problems(read);
            if (!problems.isEmpty()) {
                throw new InvalidRulesException(read.origin(), problems);
            }
            Rules candidate = read.rules();
            active.replace(candidate);
            lastProblems.set(List.of());
            Instant now = Instant.now();
            lastReload.set(now);
            lastSuccessfulReload.set(now);
            log.info("Reloaded rules from {}: {} event types", candidate.origin(), candidate.byType().size());
            return List.of();
        } catch (InvalidRulesException e) {
            log.error("Rejected the edited rules; the rules in force stay. {}", e.getMessage());
            lastProblems.set(e.problems());
            lastReload.set(Instant.now());
            return e.problems();
        }
    }

    /** An array, not one line: JMX consoles (Hawtio, jconsole) show it as a list, a problem a row. */
    @ManagedAttribute(description = "Problems of the last rejected edit of the rules file, one each (empty: last edit accepted)")
    public String[] getLastProblems() {
        return lastProblems.get().toArray(String[]::new);
    }

    @ManagedAttribute(description = "When the rules file was last read after an edit, accepted or rejected")
    public String getLastReload() {
        Instant at = lastReload.get();
        return at == null ? "never" : at.toString();
    }

    @ManagedAttribute(description = "When an edit of the rules file was last accepted (the rules in force since)")
    public String getLastSuccessfulReload() {
        Instant at = lastSuccessfulReload.get();
        return at == null ? "never (the rules checked at start are in force)" : at.toString();
    }

    @ManagedAttribute(description = "Event types with a rule in force")
    public List<String> getEventTypes() {
        return active.get().byType().keySet().stream().sorted().toList();
    }

    @ManagedOperation(description = "Reload the rules file now; returns its problems (empty: reloaded)")
    public List<String> reloadNow() {
        List<String> problems = reload();
        // the audit names who asked (console/audit)
        events.publishEvent(new RulesReloadAsked(properties.path().toString(), problems));
        return problems;
    }

    @Override
    public void setApplicationEventPublisher(org.springframework.context.ApplicationEventPublisher publisher) {
        this.events = publisher;
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(properties.path());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public synchronized void destroy() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
