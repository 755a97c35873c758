package io.switchboard.console.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** The sync log: outcomes newest first, filtered and searched, and their counts over time for the chart. */
@Component
public class OutcomeQueries {

    private static final String COLUMNS = "o.id, o.event_id, o.event_type, o.source, o.subject, o.decision, o.reason, "
            + "o.error_code, o.error_step, o.origin_topic, o.origin_part, o.origin_offs, o.replay_of, o.processed_at, o.body";

    private final NamedParameterJdbcTemplate jdbc;

    public OutcomeQueries(NamedParameterJdbcTemplate consoleJdbc) {
        this.jdbc = consoleJdbc;
    }

    public List<OutcomeRow> find(OutcomeFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM outcome o");
        MapSqlParameterSource p = new MapSqlParameterSource();
        List<String> where = new ArrayList<>();
        if (filter.search() != null) {
            sql.append(" LEFT JOIN event e ON e.topic = o.origin_topic AND e.part = o.origin_part AND e.offs = o.origin_offs");
            String q = filter.search();
            p.addValue("q", q).addValue("like", "%" + escapeLike(q.toLowerCase(Locale.ROOT)) + "%")
                    .addValue("idLike", "% " + escapeLike(q) + " %");
            StringBuilder any = new StringBuilder("(o.event_id = :q OR o.subject = :q OR o.record_ids LIKE :idLike ESCAPE '\\'");
            if (q.contains("@")) {
                any.append(" OR e.emails LIKE :like ESCAPE '\\'");
            }
            String digits = q.replaceAll("\\D", "");
            if (digits.length() >= 5 && q.matches("[+\\d\\s().-]+")) {
                p.addValue("digits", "%" + digits + "%");
                any.append(" OR e.phones LIKE :digits");
            }
            where.add(any.append(")").toString());
        }
        if (filter.decision() != null) {
            where.add("o.decision = :decision");
            p.addValue("decision", filter.decision());
        }
        if (filter.type() != null) {
            where.add("o.event_type = :type");
            p.addValue("type", filter.type());
        }
        if (filter.source() != null) {
            where.add("o.source = :source");
            p.addValue("source", filter.source());
        }
        if (filter.duplicates()) {
            where.add("o.also_matched IS NOT NULL");
        }
        if (filter.from() != null) {
            where.add("o.processed_at >= :from");
            p.addValue("from", FeedWriter.utc(filter.from()));
        }
        if (filter.to() != null) {
            where.add("o.processed_at < :to");
            p.addValue("to", FeedWriter.utc(filter.to()));
        }
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        sql.append(" ORDER BY o.processed_at DESC, o.id DESC LIMIT :limit OFFSET :skip");
        p.addValue("limit", filter.limit()).addValue("skip", filter.skip());
        return jdbc.query(sql.toString(), p, ROW);
    }

    public Optional<OutcomeRow> get(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM outcome o WHERE o.id = :id", Map.of("id", id), ROW).stream().findFirst();
    }

    /** The outcomes of the records that replayed a dead letter, newest first. */
    public List<OutcomeRow> replaysOf(String deadLetterReference) {
        return jdbc.query("SELECT " + COLUMNS + " FROM outcome o WHERE o.replay_of = :ref ORDER BY o.processed_at DESC",
                Map.of("ref", deadLetterReference), ROW);
    }

    /** Event types and sources seen, for the filters' choices. */
    public List<String> distinct(String column) {
        if (!List.of("event_type", "source", "decision").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        return jdbc.queryForList("SELECT DISTINCT " + column + " FROM outcome WHERE " + column + " IS NOT NULL ORDER BY "
                + column + " LIMIT 200", Map.of(), String.class);
    }

    /**
     * Outcomes by decision per time bucket since {@code since}: bucket start → decision → count. Every bucket is
     * present, empty ones too, so the chart's axis is continuous.
     */
    public Map<Instant, Map<String, Long>> perBucket(Instant since, ChronoUnit unit) {
        String trunc = unit == ChronoUnit.MINUTES ? "MINUTE" : "HOUR";
        Instant start = since.truncatedTo(unit);
        Map<Instant, Map<String, Long>> out = new TreeMap<>();
        for (Instant b = start; !b.isAfter(Instant.now()); b = b.plus(1, unit)) {
            out.put(b, new TreeMap<>());
        }
        jdbc.query("SELECT DATE_TRUNC('" + trunc + "', processed_at) AS bucket, decision, COUNT(*) FROM outcome "
                        + "WHERE processed_at >= :since GROUP BY DATE_TRUNC('" + trunc + "', processed_at), decision",
                Map.of("since", FeedWriter.utc(start)), rs -> {
                    Instant bucket = rs.getObject(1, OffsetDateTime.class).toInstant();
                    out.computeIfAbsent(bucket, b -> new TreeMap<>()).merge(rs.getString(2), rs.getLong(3), Long::sum);
                });
        return out;
    }

    static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static final RowMapper<OutcomeRow> ROW = (rs, n) -> new OutcomeRow(rs.getLong("id"),
            rs.getString("event_id"), rs.getString("event_type"), rs.getString("source"), rs.getString("subject"),
            rs.getString("decision"), rs.getString("reason"), rs.getString("error_code"), rs.getString("error_step"),
            rs.getString("origin_topic"), intOrNull(rs, "origin_part"), longOrNull(rs, "origin_offs"),
            rs.getString("replay_of"), instant(rs, "processed_at"), rs.getString("body"));

    static Integer integerColumn(ResultSet rs, String column) throws SQLException {
        return intOrNull(rs, column);
    }

    static Long longColumn(ResultSet rs, String column) throws SQLException {
        return longOrNull(rs, column);
    }
}
