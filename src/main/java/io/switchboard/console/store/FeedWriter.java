package io.switchboard.console.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.console.ServiceTopics;
import io.switchboard.model.RecordOrigin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes what the feed read into the store, each poll in one transaction together with the positions reached, so the
 * store and its place in the topics never disagree (a crash reads the last poll again; nothing is written twice),
 * also when several instances feed one shared store.
 * Every record is taken as it comes: a value that is no JSON is kept with what its headers say.
 */
@Component
public class FeedWriter {

    private static final int TEXT = 400;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ServiceTopics topics;
    private final ObjectMapper json = new ObjectMapper();

    public FeedWriter(NamedParameterJdbcTemplate consoleJdbc, TransactionTemplate consoleTransactions,
                      ServiceTopics topics) {
        this.jdbc = consoleJdbc;
        this.transactions = consoleTransactions;
        this.topics = topics;
    }

    public void write(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        try {
            writeOnce(records);
        } catch (DuplicateKeyException e) {
            // another instance feeding the same shared store wrote a partition's first position at the same moment:
            // its row is there now, and under its lock the records it wrote are skipped
            writeOnce(records);
        }
    }

    private void writeOnce(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        transactions.executeWithoutResult(status -> {
            // Several instances may feed one shared store: each poll takes the positions' rows under a lock (every
            // row, in one order, so two feeders never deadlock) and writes only what lies at or past them, so a
            // record another instance wrote already is skipped, not written twice.
            Map<String, Long> stored = new LinkedHashMap<>();
            jdbc.query("SELECT topic, part, next_offset FROM feed_position ORDER BY topic, part FOR UPDATE", rs -> {
                stored.put(rs.getString(1) + "/" + rs.getInt(2), rs.getLong(3));
            });
            Map<String, MapSqlParameterSource> positions = new LinkedHashMap<>();
            // one JDBC batch per table and poll: the feed reads every record the service consumes and writes, on
            // the service's cores, so row by row it took as much CPU as the consuming itself
            java.util.List<MapSqlParameterSource> outcomes = new java.util.ArrayList<>();
            java.util.List<MapSqlParameterSource> deadLetters = new java.util.ArrayList<>();
            java.util.List<MapSqlParameterSource> events = new java.util.ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                String partition = r.topic() + "/" + r.partition();
                if (r.offset() < stored.getOrDefault(partition, 0L)) {
                    continue;
                }
                if (r.topic().equals(topics.outcomes())) {
                    outcomes.add(outcome(r));
                } else if (r.topic().equals(topics.deadLetter())) {
                    deadLetters.add(deadLetter(r));
                } else {
                    events.add(event(r));
                }
                positions.put(partition, new MapSqlParameterSource().addValue("topic", r.topic())
                        .addValue("part", r.partition()).addValue("next", r.offset() + 1));
            }
            insert(OUTCOME, outcomes);
            insert(DEAD_LETTER, deadLetters);
            insert(EVENT, events);
            for (Map.Entry<String, MapSqlParameterSource> p : positions.entrySet()) {
                if (stored.containsKey(p.getKey())) {
                    jdbc.update("UPDATE feed_position SET next_offset = :next WHERE topic = :topic AND part = :part", p.getValue());
                } else {
                    jdbc.update("INSERT INTO feed_position (topic, part, next_offset) VALUES (:topic, :part, :next)", p.getValue());
                }
            }
        });
    }

    /** Where the store left each partition: the next offset to read. */
    public Map<String, Long> positions() {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.query("SELECT topic, part, next_offset FROM feed_position", rs -> {
            out.put(rs.getString(1) + "/" + rs.getInt(2), rs.getLong(3));
        });
        return out;
    }

    private void insert(String sql, java.util.List<MapSqlParameterSource> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows.toArray(MapSqlParameterSource[]::new));
        }
    }

    private static final String OUTCOME = "INSERT INTO outcome (topic, part, offs, event_id, event_type, source, "
            + "subject, decision, reason, error_code, error_step, origin_topic, origin_part, origin_offs, record_ids, "
            + "also_matched, replay_of, processed_at, stored_at, body) VALUES (:topic, :part, :offs, :eventId, :type, "
            + ":source, :subject, :decision, :reason, :errorCode, :errorStep, :originTopic, :originPart, :originOffs, "
            + ":recordIds, :alsoMatched, :replayOf, :processedAt, :storedAt, :body)";
    private static final String DEAD_LETTER = "INSERT INTO dead_letter (topic, part, offs, error_code, error_step, "
            + "error_message, event_id, event_type, original_topic, original_part, original_offs, record_key, "
            + "replay_of, failed_at, stored_at, headers, record_value) VALUES (:topic, :part, :offs, :code, :step, "
            + ":message, :eventId, :eventType, :originalTopic, :originalPart, :originalOffs, :key, :replayOf, "
            + ":failedAt, :storedAt, :headers, :value)";
    private static final String EVENT = "INSERT INTO event (topic, part, offs, event_id, emails, phones, replay_of, "
            + "stored_at, record_value) VALUES (:topic, :part, :offs, :eventId, :emails, :phones, :replayOf, "
            + ":storedAt, :value)";

    private MapSqlParameterSource outcome(ConsumerRecord<byte[], byte[]> r) {
        String body = new String(r.value() == null ? new byte[0] : r.value(), StandardCharsets.UTF_8);
        JsonNode o = read(r.value());
        JsonNode error = o.path("errors").path(0);
        Set<String> ids = new LinkedHashSet<>();
        addId(ids, o.path("matched").path("id"));
        addId(ids, o.path("matched").path("accountId"));
        o.path("records").forEach(w -> addId(ids, w.path("id")));
        addId(ids, o.path("activity").path("id"));
        Set<String> alsoMatched = new LinkedHashSet<>();
        o.path("matched").path("alsoMatched").forEach(id -> addId(alsoMatched, id));
        ids.addAll(alsoMatched); // a search for one of the others finds the interaction too
        JsonNode origin = o.path("origin");
        MapSqlParameterSource p = position(r)
                .addValue("eventId", text(o, "eventId")).addValue("type", text(o, "type"))
                .addValue("source", text(o, "source")).addValue("subject", text(o, "subject"))
                .addValue("decision", o.path("decision").isTextual() ? cut(o.path("decision").asText(), 60) : "unknown")
                .addValue("reason", cut(o.path("reason").isTextual() ? o.path("reason").asText() : null, 4000))
                .addValue("errorCode", text(error, "code")).addValue("errorStep", text(error, "step"))
                .addValue("originTopic", text(origin, "topic"))
                .addValue("originPart", origin.path("partition").isInt() ? origin.path("partition").asInt() : null)
                .addValue("originOffs", origin.path("offset").isIntegralNumber() ? origin.path("offset").asLong() : null)
                .addValue("recordIds", cut(ids.isEmpty() ? null : " " + String.join(" ", ids) + " ", 8000))
                // the other records of a duplicate match, so the sync log can show only the interactions that had them
                .addValue("alsoMatched", cut(alsoMatched.isEmpty() ? null : " " + String.join(" ", alsoMatched) + " ", 8000))
                .addValue("replayOf", text(o, "replayOf"))
                .addValue("processedAt", utc(instant(text(o, "processedAt"), r.timestamp())))
                .addValue("body", body);
        return p;
    }

    private MapSqlParameterSource deadLetter(ConsumerRecord<byte[], byte[]> r) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
        }
        MapSqlParameterSource p = position(r)
                .addValue("code", cut(headers.getOrDefault("switchboard.error.code", "UNKNOWN"), TEXT))
                .addValue("step", cut(headers.getOrDefault("switchboard.error.step", "unknown"), TEXT))
                .addValue("message", cut(headers.get("switchboard.error.message"), 4000))
                .addValue("eventId", cut(headers.get("switchboard.event.id"), TEXT))
                .addValue("eventType", cut(headers.get("switchboard.event.type"), TEXT))
                .addValue("originalTopic", cut(headers.get("switchboard.original.topic"), 255))
                .addValue("originalPart", integer(headers.get("switchboard.original.partition")))
                .addValue("originalOffs", longValue(headers.get("switchboard.original.offset")))
                .addValue("key", r.key() == null ? null : cut(new String(r.key(), StandardCharsets.UTF_8), 8000))
                .addValue("replayOf", cut(headers.get(RecordOrigin.REPLAY_OF_HEADER), TEXT))
                .addValue("failedAt", utc(instant(headers.get("switchboard.failed.at"), r.timestamp())))
                .addValue("headers", writeJson(headers))
                .addValue("value", r.value());
        return p;
    }

    private MapSqlParameterSource event(ConsumerRecord<byte[], byte[]> r) {
        JsonNode e = read(r.value());
        JsonNode data = e.path("data");
        Set<String> emails = new LinkedHashSet<>();
        Set<String> phones = new LinkedHashSet<>();
        JsonNode person = data.path("person");
        addEmail(emails, person.path("email"));
        addEmail(emails, data.path("agent").path("email"));
        for (JsonNode phone : new JsonNode[] {person.path("phone"), person.path("mobile"),
                data.path("call").path("fromNumber"), data.path("call").path("toNumber")}) {
            if (phone.isTextual()) {
                String digits = phone.asText().replaceAll("\\D", "");
                if (digits.length() >= 5) {
                    phones.add(digits);
                }
            }
        }
        Header replay = r.headers().lastHeader(RecordOrigin.REPLAY_OF_HEADER);
        MapSqlParameterSource p = position(r)
                .addValue("eventId", text(e, "id"))
                .addValue("emails", cut(emails.isEmpty() ? null : " " + String.join(" ", emails) + " ", 2000))
                .addValue("phones", cut(phones.isEmpty() ? null : " " + String.join(" ", phones) + " ", 2000))
                .addValue("replayOf", replay == null || replay.value() == null ? null
                        : cut(new String(replay.value(), StandardCharsets.UTF_8), TEXT))
                .addValue("value", r.value());
        return p;
    }

    private static MapSqlParameterSource position(ConsumerRecord<byte[], byte[]> r) {
        return new MapSqlParameterSource().addValue("topic", r.topic()).addValue("part", r.partition())
                .addValue("offs", r.offset()).addValue("storedAt", utc(Instant.now()));
    }

    private JsonNode read(byte[] value) {
        if (value == null || value.length == 0) {
            return json.missingNode();
        }
        try {
            JsonNode node = json.readTree(value);
            return node == null ? json.missingNode() : node;
        } catch (Exception | StackOverflowError e) {
            // not JSON, or beyond the parser's limits: kept as it is, found by its position and headers
            return json.missingNode();
        }
    }

    private String writeJson(Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (Exception e) {
            return "{}";
        }
    }

    private static void addId(Set<String> ids, JsonNode id) {
        if (id.isTextual() && !id.asText().isBlank()) {
            ids.add(id.asText());
        }
    }

    private static void addEmail(Set<String> emails, JsonNode email) {
        if (email.isTextual() && email.asText().contains("@")) {
            emails.add(email.asText().trim().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? cut(v.asText(), TEXT) : null;
    }

    private static String cut(String s, int max) {
        return s == null ? null : s.length() <= max ? s : s.substring(0, max);
    }

    private static Instant instant(String text, long fallbackMillis) {
        if (text != null) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                // the record's own timestamp, below
            }
        }
        return fallbackMillis > 0 ? Instant.ofEpochMilli(fallbackMillis) : Instant.now();
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longValue(String s) {
        try {
            return s == null ? null : Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
