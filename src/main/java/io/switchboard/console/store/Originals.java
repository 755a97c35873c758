package io.switchboard.console.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** The consumed records as they were, by their place on their topic: the original event of an outcome. */
@Component
public class Originals {

    /** A record of an input topic, and the dead letter it replays if it is a replay. */
    public record Original(String topic, int partition, long offset, byte[] value, String replayOf) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public Originals(NamedParameterJdbcTemplate consoleJdbc) {
        this.jdbc = consoleJdbc;
    }

    public Optional<Original> at(String topic, Integer partition, Long offset) {
        if (topic == null || partition == null || offset == null) {
            return Optional.empty();
        }
        return jdbc.query("SELECT topic, part, offs, record_value, replay_of FROM event WHERE topic = :t AND part = :p AND offs = :o",
                Map.of("t", topic, "p", partition, "o", offset), (rs, n) -> new Original(rs.getString(1), rs.getInt(2),
                        rs.getLong(3), rs.getBytes(4), rs.getString(5))).stream().findFirst();
    }

    /** The records published to replay a dead letter (by any instance), oldest first. */
    public List<Original> replaysOf(String deadLetterReference) {
        return jdbc.query("SELECT topic, part, offs, record_value, replay_of FROM event WHERE replay_of = :ref ORDER BY stored_at",
                Map.of("ref", deadLetterReference), (rs, n) -> new Original(rs.getString(1), rs.getInt(2), rs.getLong(3),
                        rs.getBytes(4), rs.getString(5)));
    }
}
