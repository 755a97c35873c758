package io.switchboard.console.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** The dead letters: grouped by error code and step, one group's letters, one letter, and what was done with it. */
@Component
public class DeadLetterQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, topic, part, offs, error_code, error_step, error_message, event_id, "
            + "event_type, original_topic, original_part, original_offs, record_key, replay_of, failed_at, headers, "
            + "record_value, status, settled_by, settled_at, note";

    private final NamedParameterJdbcTemplate jdbc;

    public DeadLetterQueries(NamedParameterJdbcTemplate consoleJdbc) {
        this.jdbc = consoleJdbc;
    }

    /** Every group, the most recently failed first. */
    public List<DeadLetterGroup> groups() {
        return jdbc.query("SELECT error_code, error_step, COUNT(*), SUM(CASE WHEN status = 'open' THEN 1 ELSE 0 END), "
                        + "MIN(failed_at), MAX(failed_at) FROM dead_letter GROUP BY error_code, error_step "
                        + "ORDER BY MAX(failed_at) DESC", Map.of(),
                (rs, n) -> new DeadLetterGroup(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getObject(5, java.time.OffsetDateTime.class).toInstant(),
                        rs.getObject(6, java.time.OffsetDateTime.class).toInstant()));
    }

    /** One group's letters, newest first; {@code openOnly}: those not replayed or discarded yet. */
    public List<DeadLetterRow> inGroup(String code, String step, boolean openOnly, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM dead_letter WHERE error_code = :code AND error_step = :step"
                        + (openOnly ? " AND status = 'open'" : "") + " ORDER BY failed_at DESC, id DESC LIMIT :limit",
                new MapSqlParameterSource("code", code).addValue("step", step).addValue("limit", limit), ROW);
    }

    public List<DeadLetterRow> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM dead_letter WHERE id IN (:ids) ORDER BY id",
                Map.of("ids", ids), ROW);
    }

    public Optional<DeadLetterRow> get(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM dead_letter WHERE id = :id", Map.of("id", id), ROW).stream().findFirst();
    }

    /** The letter a replay header names ({@code topic/partition/offset}), if this store holds it. */
    public Optional<DeadLetterRow> byReference(String reference) {
        String[] parts = reference == null ? new String[0] : reference.split("/");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return jdbc.query("SELECT " + COLUMNS + " FROM dead_letter WHERE topic = :t AND part = :p AND offs = :o",
                    new MapSqlParameterSource("t", parts[0]).addValue("p", Integer.parseInt(parts[1]))
                            .addValue("o", Long.parseLong(parts[2])), ROW).stream().findFirst();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public long openCount() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter WHERE status = 'open'", Map.of(), Long.class);
        return n == null ? 0 : n;
    }

    /**
     * Takes an open letter for a replay or a discard: true if this call took it, false if it was replayed or
     * discarded already (by this or another instance sharing the store), so that no letter is settled twice.
     */
    public boolean claim(long id, String status, String by, String note) {
        return jdbc.update("UPDATE dead_letter SET status = :status, settled_by = :by, settled_at = :at, note = :note "
                + "WHERE id = :id AND status = 'open'", settlement(id, status, by, note)) == 1;
    }

    /** Gives back a letter whose replay could not be published: it is open again. */
    public void reopen(long id) {
        jdbc.update("UPDATE dead_letter SET status = 'open', settled_by = NULL, settled_at = NULL, note = NULL "
                + "WHERE id = :id", Map.of("id", id));
    }

    private static MapSqlParameterSource settlement(long id, String status, String by, String note) {
        return new MapSqlParameterSource("status", status).addValue("by", by).addValue("at", FeedWriter.utc(Instant.now()))
                .addValue("note", note == null ? null : note.length() > 2000 ? note.substring(0, 2000) : note)
                .addValue("id", id);
    }

    /** Marks a letter replayed or discarded, by whom and with what note. */
    public void settle(long id, String status, String by, String note) {
        jdbc.update("UPDATE dead_letter SET status = :status, settled_by = :by, settled_at = :at, note = :note WHERE id = :id",
                new MapSqlParameterSource("status", status).addValue("by", by).addValue("at", FeedWriter.utc(Instant.now()))
                        .addValue("note", note == null ? null : note.length() > 2000 ? note.substring(0, 2000) : note)
                        .addValue("id", id));
    }

    private static Map<String, String> headers(String text) {
        try {
            return JSON.readValue(text, new TypeReference<java.util.LinkedHashMap<String, String>>() { });
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static final RowMapper<DeadLetterRow> ROW = (rs, n) -> new DeadLetterRow(rs.getLong("id"),
            rs.getString("topic") + "/" + rs.getInt("part") + "/" + rs.getLong("offs"), rs.getString("error_code"),
            rs.getString("error_step"), rs.getString("error_message"), rs.getString("event_id"),
            rs.getString("event_type"), rs.getString("original_topic"), OutcomeQueries.integerColumn(rs, "original_part"),
            OutcomeQueries.longColumn(rs, "original_offs"), rs.getString("record_key"), rs.getString("replay_of"),
            OutcomeQueries.instant(rs, "failed_at"), headers(rs.getString("headers")), rs.getBytes("record_value"),
            rs.getString("status"), rs.getString("settled_by"), OutcomeQueries.instant(rs, "settled_at"),
            rs.getString("note"));
}
