package io.switchboard.console.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.console.ConsoleProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The console's store: an embedded H2 database in files under {@code switchboard.console.directory} (nothing to
 * install), or whatever {@code switchboard.console.url} names. Its tables are created on start when missing.
 */
@Configuration
public class StoreConfig {

    @Bean(destroyMethod = "close")
    HikariDataSource consoleDataSource(ConsoleProperties properties) {
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
        HikariDataSource dataSource = new HikariDataSource(config);
        new ResourceDatabasePopulator(new ClassPathResource("console/store-schema.sql")).execute(dataSource);
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
}
