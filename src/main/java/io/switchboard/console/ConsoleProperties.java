package io.switchboard.console;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operator's console and its store: a local, queryable view of the outcome, dead-letter and input topics.
 *
 * @param directory     where the embedded database's files live (one database per instance, named by {@code instance})
 * @param instance      the file name of this instance's database; two instances on one machine need two names
 * @param url           a JDBC URL instead of the embedded file database: PostgreSQL, shared by every instance
 *                      (docs/store.md); blank: the embedded H2 file under {@code directory}
 * @param username      for {@code url}
 * @param password      for {@code url} (from the environment)
 * @param feed          false: this instance does not read the topics into the store (a shared store may be fed by
 *                      every instance: a record is written once however many feed it)
 * @param maxAge        retention: rows older than this are deleted
 * @param maxRows       retention by size: at most this many outcomes, dead letters and events each (the oldest go)
 * @param retentionEvery how often retention runs
 */
@ConfigurationProperties("switchboard.console")
public record ConsoleProperties(
        @DefaultValue("data/console") Path directory,
        @DefaultValue("switchboard") String instance,
        @DefaultValue("") String url,
        @DefaultValue("") String username,
        @DefaultValue("") String password,
        @DefaultValue("true") boolean feed,
        @DefaultValue("7d") Duration maxAge,
        @DefaultValue("200000") int maxRows,
        @DefaultValue("5m") Duration retentionEvery) {

    /** The JDBC URL the store opens. */
    public String jdbcUrl() {
        if (!url.isBlank()) {
            return url;
        }
        String name = instance.replaceAll("[^A-Za-z0-9_.-]", "_");
        // outcomes and records of up to 16 KB (nearly all) kept in their rows: H2 stores a larger value apart, in
        // its LOB store, which cost the feed more CPU than the rest of its writing
        return "jdbc:h2:file:" + directory.toAbsolutePath().resolve(name)
                + ";DB_CLOSE_ON_EXIT=FALSE;MAX_LENGTH_INPLACE_LOB=16384";
    }
}
