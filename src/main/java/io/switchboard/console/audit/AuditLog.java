package io.switchboard.console.audit;

import io.switchboard.privacy.Pii;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** Every action taken in the console, its API or over JMX, kept in the store and logged (masked). */
@Component
public class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("io.switchboard.console.audit");

    private final NamedParameterJdbcTemplate jdbc;

    public AuditLog(NamedParameterJdbcTemplate consoleJdbc) {
        this.jdbc = consoleJdbc;
    }

    public void record(Operator who, String action, String target, String result, String note) {
        jdbc.update("INSERT INTO audit (at, who, via, action, target, result, note) VALUES (:at, :who, :via, :action, "
                        + ":target, :result, :note)",
                new MapSqlParameterSource("at", OffsetDateTime.now(ZoneOffset.UTC)).addValue("who", cut(who.name(), 200))
                        .addValue("via", who.via()).addValue("action", action).addValue("target", cut(target, 2000))
                        .addValue("result", cut(result, 4000)).addValue("note", cut(note, 2000)));
        // targets and notes may hold an event id or an operator's words with an email in them
        log.info("{} via {}: {} {} -> {}{}", who.name(), who.via(), action, Pii.mask(cut(target, 300)),
                Pii.mask(cut(result, 300)), note == null ? "" : " (note: " + Pii.mask(cut(note, 300)) + ")");
    }

    /** A reload of the rules someone asked for over JMX (Hawtio, Jolokia), under their name. */
    @org.springframework.context.event.EventListener
    public void rulesReloaded(io.switchboard.rules.RulesReloadAsked reload) {
        record(Operator.current(Operator.JMX), "reload rules", reload.file(), reload.problems().isEmpty() ? "reloaded"
                : "refused, " + reload.problems().size() + " problems: " + String.join("; ", reload.problems()), null);
    }

    /** The newest entries first. */
    public List<AuditEntry> latest(int limit) {
        return jdbc.query("SELECT id, at, who, via, action, target, result, note FROM audit ORDER BY id DESC LIMIT :n",
                Map.of("n", limit), (rs, n) -> new AuditEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8)));
    }

    private static String cut(String s, int max) {
        return s == null ? null : s.length() <= max ? s : s.substring(0, max);
    }

}
