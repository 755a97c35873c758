package io.switchboard.console.store;

import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.console.ConsoleProperties;
import io.switchboard.console.ServiceTopics;
import io.switchboard.console.audit.AuditLog;
import io.switchboard.console.replay.DeadLetterActions;
import io.switchboard.console.replay.Replayer;
import io.switchboard.kafka.KafkaClients;
import io.switchboard.kafka.KafkaConnection;
import io.switchboard.signing.HeaderSignatures;
import io.switchboard.signing.SigningProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One instance's console store as the service wires it (StoreConfig, the feed, the queries, the actions), without
 * the rest of the service: cheap enough to run several in one test against one database and one broker.
 */
final class StoreInstance implements AutoCloseable {

    final ConsoleProperties properties;
    final HikariDataSource dataSource;
    final NamedParameterJdbcTemplate jdbc;
    final StoreSource source;
    final TopicFeed feed;
    final OutcomeQueries outcomes;
    final DeadLetterQueries letters;
    final AuditLog audit;
    final Replayer replayer;
    final DeadLetterActions actions;
    private final KafkaClients clients;

    /** The instances of one test share one key, as the instances of one service do. */
    private static final HeaderSignatures SIGNATURES = new HeaderSignatures(new SigningProperties(SigningProperties.randomKey()));

    StoreInstance(String name, Path directory, String url, String username, String password, ServiceTopics topics,
                  String bootstrapServers) {
        clients = new KafkaClients(new KafkaConnection(bootstrapServers, java.util.Map.of()));
        properties = new ConsoleProperties(directory, name, url, username, password, true, Duration.ofDays(7), 200_000,
                Duration.ofMinutes(5));
        dataSource = StoreConfig.open(properties);
        jdbc = new NamedParameterJdbcTemplate(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        source = new StoreSource(jdbc, transactions);
        feed = new TopicFeed(new FeedWriter(jdbc, transactions, topics), source, topics, properties, clients);
        outcomes = new OutcomeQueries(jdbc);
        letters = new DeadLetterQueries(jdbc);
        audit = new AuditLog(jdbc);
        replayer = new Replayer(topics, SIGNATURES, clients);
        // replays and discards only: no dry run here
        actions = new DeadLetterActions(letters, replayer, null, audit);
    }

    StoreInstance start() {
        feed.start();
        return this;
    }

    /** Every outcome's event id in the sync log, newest first. */
    java.util.List<String> syncLog() {
        return outcomes.find(new OutcomeFilter(null, null, null, null, null, null, 500, 0)).stream()
                .map(OutcomeRow::eventId).toList();
    }

    void stopFeed() {
        feed.stop();
    }

    @Override
    public void close() {
        feed.stop();
        replayer.destroy();
        dataSource.close();
        clients.destroy();
    }
}
