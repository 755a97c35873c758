package io.switchboard.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Whether the service can reach and log in to its Kafka cluster, checked at start (before the other Kafka users
 * start) and again every {@code switchboard.kafka.check-interval}: the readiness probe's {@code kafka} component.
 * A refused login, an untrusted certificate or a cluster that does not answer is said in one line, naming the
 * setting to check (again only when the reason changes); the process keeps running, not ready, and is ready as soon
 * as the cluster lets it in.
 */
@Component("kafka")
public class KafkaConnectionCheck implements HealthIndicator, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaConnectionCheck.class);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(15);

    /** The last check: no problem when connected; refused: the cluster refused the login or the certificate. */
    record Result(Instant at, String clusterId, String problem, boolean refused) {
    }

    private final KafkaClients clients;
    private final Duration interval;
    private final AtomicReference<Result> last = new AtomicReference<>();
    private volatile ScheduledExecutorService timer;

    public KafkaConnectionCheck(KafkaClients clients,
                                @Value("${switchboard.kafka.check-interval:30s}") Duration interval) {
        this.clients = clients;
        this.interval = interval;
    }

    @Override
    public Health health() {
        Result r = last.get();
        if (r == null) {
            return Health.down().withDetail("note", "not checked yet").build();
        }
        Health.Builder h = r.problem() == null ? Health.up().withDetail("clusterId", r.clusterId())
                : Health.down().withDetail("problem", r.problem());
        return h.withDetail("checkedAt", r.at().toString()).build();
    }

    /** The id of the cluster the service is connected to, as last read; empty until connected. */
    public Optional<String> clusterId() {
        Result r = last.get();
        return r == null ? Optional.empty() : Optional.ofNullable(r.clusterId());
    }

    /** Checks once now, waiting at most 15 s for the cluster, and returns what it found. */
    Result check() {
        Result result;
        try (Admin admin = clients.admin("switchboard-connection-check", Map.of(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ANSWER_WITHIN.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ANSWER_WITHIN.toMillis()))) {
            String id = admin.describeCluster().clusterId().get(ANSWER_WITHIN.toMillis() + 1000, TimeUnit.MILLISECONDS);
            result = new Result(Instant.now(), id, null, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return last.get();
        } catch (ExecutionException e) {
            // logged in, only not allowed to describe the cluster: connected, whatever else its ACLs allow
            result = e.getCause() instanceof AuthorizationException
                    ? new Result(Instant.now(), "(not authorized to describe the cluster)", null, false)
                    : failed(e.getCause());
        } catch (Exception e) {
            result = failed(e);
        }
        Result before = last.getAndSet(result);
        RepeatedRefusals muted = clients.refusals();
        if (muted != null) {
            muted.mute(result.refused());
        }
        if (result.problem() != null && (before == null || !result.problem().equals(before.problem()))) {
            log.error(result.refused() ? result.problem() + " (Kafka's clients' own lines about this are left out"
                    + " until it works.)" : result.problem());
        } else if (result.problem() == null && (before == null || before.problem() != null)) {
            log.info("Connected to the Kafka cluster {} at {}", result.clusterId(), clients.bootstrapServers());
        }
        return result;
    }

    private Result failed(Throwable failure) {
        // a login or a certificate the cluster refuses does not change by retrying; an unreachable cluster may
        return new Result(Instant.now(), null, KafkaProblems.explain(failure, clients),
                failure instanceof AuthenticationException);
    }

    @Override
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "switchboard-kafka-check");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        if (clients.refusals() != null) {
            clients.refusals().mute(false);
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    /** Before the service's own Kafka users (the console's feed, the routes) start. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
