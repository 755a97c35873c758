package io.switchboard.console.store;

import io.switchboard.console.ConsoleProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** A store on disk as a run on another broker left it: rows and positions at offsets the next broker reuses. */
public final class StoreSeed {

    private StoreSeed() {
    }

    /**
     * An H2 store under {@code directory} named {@code instance}, filled from "another" cluster: an outcome of
     * {@code eventId} (dead-lettered) at offset 0 of each partition of {@code outcomes}, and positions at 100.
     */
    public static void filledFromAnotherCluster(Path directory, String instance, String outcomes, int partitions,
                                                String eventId) {
        ConsoleProperties properties = new ConsoleProperties(directory, instance, "", "", "", true, Duration.ofDays(7),
                200_000, Duration.ofMinutes(5));
        try (var dataSource = StoreConfig.open(properties)) {
            NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource);
            jdbc.update("UPDATE store_source SET kafka_id = 'a-broker-before' WHERE name = 'cluster'", Map.of());
            for (int part = 0; part < partitions; part++) {
                MapSqlParameterSource p = new MapSqlParameterSource("topic", outcomes).addValue("part", part)
                        .addValue("event", eventId).addValue("at", FeedWriter.utc(Instant.now()))
                        .addValue("body", "{\"eventId\":\"" + eventId + "\",\"decision\":\"dead-lettered\"}");
                jdbc.update("INSERT INTO outcome (topic, part, offs, event_id, decision, processed_at, stored_at, body) "
                        + "VALUES (:topic, :part, 0, :event, 'dead-lettered', :at, :at, :body)", p);
                jdbc.update("INSERT INTO feed_position (topic, part, next_offset) VALUES (:topic, :part, 100)", p);
            }
        }
    }
}
