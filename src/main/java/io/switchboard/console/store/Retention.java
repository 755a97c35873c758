package io.switchboard.console.store;

import io.switchboard.console.ConsoleProperties;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the store bounded: rows older than {@code switchboard.console.max-age} go, and past
 * {@code switchboard.console.max-rows} in a table the oldest go. The topics keep what their own retention keeps;
 * the audit is kept by age only (it is small, and it is the record of what operators did).
 */
@Component
public class Retention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final List<String> BY_SIZE = List.of("outcome", "dead_letter");

    private final NamedParameterJdbcTemplate jdbc;
    private final ConsoleProperties properties;
    private ScheduledExecutorService timer;

    public Retention(NamedParameterJdbcTemplate consoleJdbc, ConsoleProperties properties) {
        this.jdbc = consoleJdbc;
        this.properties = properties;
    }

    /** Deletes what is past the limits now; returns how many rows went. */
    public int apply() {
        var cutoff = FeedWriter.utc(Instant.now().minus(properties.maxAge()));
        int removed = 0;
        for (String table : List.of("outcome", "dead_letter", "event")) {
            removed += jdbc.update("DELETE FROM " + table + " WHERE stored_at < :cutoff", Map.of("cutoff", cutoff));
        }
        removed += jdbc.update("DELETE FROM audit WHERE at < :cutoff", Map.of("cutoff", cutoff));
        for (String table : BY_SIZE) {
            Long max = jdbc.queryForObject("SELECT MAX(id) FROM " + table, Map.of(), Long.class);
            Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Map.of(), Long.class);
            if (max != null && count != null && count > properties.maxRows()) {
                // ids grow with arrival: the rows past the newest max-rows are the oldest
                Long keepFrom = jdbc.queryForObject("SELECT MIN(id) FROM (SELECT id FROM " + table
                        + " ORDER BY id DESC LIMIT :n) newest", new MapSqlParameterSource("n", properties.maxRows()), Long.class);
                removed += jdbc.update("DELETE FROM " + table + " WHERE id < :keep", Map.of("keep", keepFrom));
            }
        }
        Long events = jdbc.queryForObject("SELECT COUNT(*) FROM event", Map.of(), Long.class);
        if (events != null && events > properties.maxRows()) {
            var keepFrom = jdbc.queryForObject("SELECT MIN(stored_at) FROM (SELECT stored_at FROM event ORDER BY stored_at "
                    + "DESC LIMIT :n) newest", new MapSqlParameterSource("n", properties.maxRows()), java.time.OffsetDateTime.class);
            removed += jdbc.update("DELETE FROM event WHERE stored_at < :keep", Map.of("keep", keepFrom));
        }
        return removed;
    }

    private void applySafely() {
        try {
            int removed = apply();
            if (removed > 0) {
                log.info("Console store retention removed {} rows", removed);
            }
        } catch (RuntimeException e) {
            log.warn("Console store retention failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-retention");
            t.setDaemon(true);
            return t;
        });
        long every = properties.retentionEvery().toMillis();
        timer.scheduleWithFixedDelay(this::applySafely, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
