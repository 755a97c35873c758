package io.switchboard.console.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.switchboard.console.ConsoleProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The console's store: an embedded H2 database in files under {@code switchboard.console.directory} (nothing to
 * install), or whatever {@code switchboard.console.url} names (PostgreSQL, shared by every instance). Its schema is
 * migrated on start by Flyway, from {@code console/migration/h2} or {@code console/migration/postgresql}.
 */
@Configuration
public class StoreConfig {

    /** H2's "Database may be already in use": another process holds the file. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    @Bean(destroyMethod = "close")
    HikariDataSource consoleDataSource(ConsoleProperties properties) {
        return open(properties);
    }

    /** Opens the store and brings its schema up to date, or says in one line why it cannot. */
    static HikariDataSource open(ConsoleProperties properties) {
        String vendor = vendor(properties);
        if (properties.url().isBlank()) {
            try {
                Files.createDirectories(properties.directory());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the console's store directory " + properties.directory()
                        + " (switchboard.console.directory)", e);
            }
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("console-store");
        config.setJdbcUrl(properties.jdbcUrl());
        config.setUsername(properties.username());
        config.setPassword(properties.password());
        config.setMaximumPoolSize(4);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw cannotOpen(properties, e);
        }
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:console/migration/" + vendor)
                    .table("store_schema_history")
                    // a store made before the migrations (tables created by a schema script) is taken as it is:
                    // V1 creates only what is missing
                    .baselineOnMigrate(true).baselineVersion("0")
                    .load().migrate();
        } catch (FlywayException e) {
            dataSource.close();
            throw new StoreUnavailable("The console's store at " + where(properties) + " could not be migrated: "
                    + firstLine(e.getMessage()), "Check that the database is the console's store (no other tables "
                    + "named like its own) and that its user may create tables; the migrations are in "
                    + "console/migration/" + vendor + " in the service's jar.", e);
        }
        return dataSource;
    }

    @Bean
    NamedParameterJdbcTemplate consoleJdbc(HikariDataSource consoleDataSource) {
        return new NamedParameterJdbcTemplate(consoleDataSource);
    }

    @Bean
    TransactionTemplate consoleTransactions(HikariDataSource consoleDataSource) {
        return new TransactionTemplate(new DataSourceTransactionManager(consoleDataSource));
    }

    /** Which migrations fit the database: the store ships them for H2 and PostgreSQL. */
    static String vendor(ConsoleProperties properties) {
        String url = properties.jdbcUrl();
        if (url.startsWith("jdbc:h2:")) {
            return "h2";
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return "postgresql";
        }
        throw new StoreUnavailable("switchboard.console.url names a database the console's store has no schema for ("
                + where(properties) + ")", "Set switchboard.console.url to a PostgreSQL URL "
                + "(jdbc:postgresql://host:5432/database), or leave it blank for the embedded H2 store.", null);
    }

    private static StoreUnavailable cannotOpen(ConsoleProperties properties, RuntimeException e) {
        if (properties.url().isBlank() && h2InUse(e)) {
            return new StoreUnavailable("The console's store " + properties.directory().toAbsolutePath().resolve(
                    properties.instance()) + " is in use by another process (another instance started in this folder "
                    + "with the same switchboard.console.instance?)", "Give each instance on this machine its own "
                    + "switchboard.console.instance (or switchboard.console.directory), or point every instance at "
                    + "one shared PostgreSQL with switchboard.console.url.", e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new StoreUnavailable("The console's store at " + where(properties) + " cannot be opened: "
                + firstLine(root.getMessage()), properties.url().isBlank()
                ? "Check that switchboard.console.directory is a folder this service may write."
                : "Check switchboard.console.url, switchboard.console.username and SWITCHBOARD_CONSOLE_PASSWORD, and "
                + "that the database answers there.", e);
    }

    private static boolean h2InUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }

    /** The database, without what a URL's parameters may hold (a password among them). */
    private static String where(ConsoleProperties properties) {
        String url = properties.url().isBlank() ? properties.jdbcUrl() : properties.url();
        int cut = url.indexOf(url.startsWith("jdbc:h2:") ? ';' : '?');
        return cut < 0 ? url : url.substring(0, cut);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
