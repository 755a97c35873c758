package io.switchboard.console.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which Kafka cluster and which topics the store's rows came from, by their ids. The store keys its rows by topic,
 * partition and offset; another cluster (local mode started again, a move to a mirrored cluster) or a topic deleted
 * and made again gives the same positions to other records. So before the feed reads, the ids it sees now are
 * compared with the ones kept: what came from elsewhere is deleted, and the feed reads it again from the topics.
 * The audit stays (it is the record of what operators did). Several instances on one shared store take turns (a
 * row lock), so one rebuilds and the others find the new ids.
 */
@Component
public class StoreSource {

    /** The last time the store was rebuilt, and why. */
    public record Rebuild(Instant at, String reason) {
    }

    static final String CLUSTER = "cluster";
    private static final String TOPIC = "topic:";
    private static final Logger log = LoggerFactory.getLogger(StoreSource.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public StoreSource(NamedParameterJdbcTemplate consoleJdbc, TransactionTemplate consoleTransactions) {
        this.jdbc = consoleJdbc;
        this.transactions = consoleTransactions;
    }

    /**
     * Compares the cluster's and topics' ids now ({@code topicIds}: the topics that exist) with the ones the rows
     * came from, deletes what came from elsewhere, and keeps the ids now. Returns why it rebuilt, if it did.
     */
    public Optional<String> check(String clusterId, Map<String, String> topicIds) {
        Optional<String> rebuilt = transactions.execute(status -> {
            lock();
            Map<String, String> kept = new LinkedHashMap<>();
            jdbc.query("SELECT name, kafka_id FROM store_source", rs -> {
                kept.put(rs.getString(1), rs.getString(2));
            });
            List<String> reasons = new ArrayList<>();
            String cluster = kept.get(CLUSTER);
            if (cluster != null && !cluster.isEmpty() && !cluster.equals(clusterId)) {
                for (String table : List.of("outcome", "dead_letter", "event", "feed_position")) {
                    jdbc.update("DELETE FROM " + table, Map.of());
                }
                jdbc.update("DELETE FROM store_source WHERE name <> :cluster", Map.of("cluster", CLUSTER));
                reasons.add("the Kafka cluster is another one (cluster id " + cluster + " before, " + clusterId + " now)");
            } else {
                topicIds.forEach((topic, id) -> {
                    String before = kept.get(TOPIC + topic);
                    if (before != null && !before.equals(id)) {
                        for (String table : List.of("outcome", "dead_letter", "event", "feed_position")) {
                            jdbc.update("DELETE FROM " + table + " WHERE topic = :topic", Map.of("topic", topic));
                        }
                        reasons.add("the topic " + topic + " was made again (topic id " + before + " before, " + id + " now)");
                    }
                });
            }
            put(CLUSTER, clusterId);
            topicIds.forEach((topic, id) -> put(TOPIC + topic, id));
            if (reasons.isEmpty()) {
                return Optional.<String>empty();
            }
            String reason = String.join("; ", reasons);
            MapSqlParameterSource p = new MapSqlParameterSource("at", FeedWriter.utc(Instant.now()))
                    .addValue("reason", reason.length() > 2000 ? reason.substring(0, 2000) : reason);
            if (jdbc.update("UPDATE store_rebuild SET at = :at, reason = :reason WHERE id = 1", p) == 0) {
                jdbc.update("INSERT INTO store_rebuild (id, at, reason) VALUES (1, :at, :reason)", p);
            }
            return Optional.of(reason);
        });
        rebuilt.ifPresent(reason -> log.warn("The console's store holds records from elsewhere: {}. Rebuilding it from "
                + "the topics (the records from before are gone from the console; the audit stays)", reason));
        return rebuilt;
    }

    /** The last rebuild, for the overview. */
    public Optional<Rebuild> lastRebuild() {
        return jdbc.query("SELECT at, reason FROM store_rebuild WHERE id = 1", Map.of(),
                (rs, n) -> new Rebuild(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2)))
                .stream().findFirst();
    }

    /** One instance at a time: the cluster's row, made by the migration, is the lock. */
    private void lock() {
        jdbc.query("SELECT kafka_id FROM store_source WHERE name = :cluster FOR UPDATE", Map.of("cluster", CLUSTER),
                rs -> { });
    }

    private void put(String name, String id) {
        MapSqlParameterSource p = new MapSqlParameterSource("name", name).addValue("id", id);
        if (jdbc.update("UPDATE store_source SET kafka_id = :id WHERE name = :name", p) == 0) {
            jdbc.update("INSERT INTO store_source (name, kafka_id) VALUES (:name, :id)", p);
        }
    }
}
