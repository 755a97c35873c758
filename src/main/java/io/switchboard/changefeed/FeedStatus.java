package io.switchboard.changefeed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * What the feed is doing, per object, for health, metrics and JMX: its phase, the last event and how far it lags
 * behind Salesforce (the event's commit time), the snapshot's progress, the REST requests the feed spent, and the
 * last problem.
 */
@Component
public class FeedStatus {

    /** STANDBY: another instance of the service runs the feed; this one takes over when that one goes. */
    public enum Phase { OFF, STANDBY, STARTING, SNAPSHOT, STREAMING, FAILED }

    /** One object's state, as shown. */
    public record ObjectState(Phase phase, Instant lastEventAt, Instant lastCommitAt, Duration lag, long events,
                              long snapshotPublished, long snapshotTotal, String replayId, String lastProblem) {
    }

    private final Map<FeedObject, Mutable> states = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Clock clock;
    private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();

    @Autowired
    public FeedStatus(MeterRegistry meters) {
        this(meters, Clock.systemUTC());
    }

    FeedStatus(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
        Gauge.builder("switchboard.change_feed.snapshot_requests", requests, java.util.concurrent.atomic.AtomicLong::get)
                .description("Salesforce REST requests the change feed spent (snapshots and re-reads)").register(meters);
    }

    private static final class Mutable {
        volatile Phase phase = Phase.STARTING;
        volatile Instant lastEventAt;
        volatile Instant lastCommitAt;
        volatile long published;
        volatile long total;
        volatile String replayId;
        volatile String problem;
        final java.util.concurrent.atomic.AtomicLong events = new java.util.concurrent.atomic.AtomicLong();
    }

    private Mutable of(FeedObject object) {
        return states.computeIfAbsent(object, o -> {
            Mutable m = new Mutable();
            String tag = o.sObject;
            Gauge.builder("switchboard.change_feed.lag_seconds", m, s -> s.lastCommitAt == null || s.lastEventAt == null
                            ? 0 : Duration.between(s.lastCommitAt, s.lastEventAt).toMillis() / 1000.0)
                    .description("How far the last change event processed was behind its commit in Salesforce")
                    .tag("object", tag).register(meters);
            Gauge.builder("switchboard.change_feed.last_event_age_seconds", m, s -> s.lastEventAt == null ? -1
                            : Duration.between(s.lastEventAt, clock.instant()).toMillis() / 1000.0)
                    .description("Seconds since the last change event (-1: none yet)").tag("object", tag).register(meters);
            Gauge.builder("switchboard.change_feed.snapshot_progress", m, s -> s.total == 0
                            ? (s.phase == Phase.SNAPSHOT ? 0 : 1) : Math.min(1.0, (double) s.published / s.total))
                    .description("Share of the object's records the running or last snapshot published (0..1)")
                    .tag("object", tag).register(meters);
            return m;
        });
    }

    void phase(FeedObject object, Phase phase) {
        of(object).phase = phase;
        if (phase != Phase.FAILED) {
            of(object).problem = null;
        }
    }

    void failed(FeedObject object, String problem) {
        Mutable m = of(object);
        m.phase = Phase.FAILED;
        m.problem = problem;
    }

    /** A problem that the feed retries by itself: shown, while the phase stays. */
    void problem(FeedObject object, String problem) {
        of(object).problem = problem;
    }

    void event(FeedObject object, String changeType, Instant committedAt, String replayId) {
        Mutable m = of(object);
        m.lastEventAt = clock.instant();
        m.lastCommitAt = committedAt;
        m.replayId = replayId;
        m.events.incrementAndGet();
        m.problem = null;
        Counter.builder("switchboard.change_feed.events").description("Change events processed")
                .tag("object", object.sObject).tag("change", changeType).register(meters).increment();
    }

    void snapshotProgress(FeedObject object, long published, long total) {
        Mutable m = of(object);
        m.published = published;
        m.total = Math.max(total, published);
    }

    void requests(int count) {
        requests.addAndGet(count);
    }

    public long requestsSpent() {
        return requests.get();
    }

    public Map<String, ObjectState> objects() {
        Map<String, ObjectState> out = new LinkedHashMap<>();
        new EnumMap<>(states).forEach((o, m) -> out.put(o.sObject, new ObjectState(m.phase, m.lastEventAt, m.lastCommitAt,
                m.lastCommitAt == null || m.lastEventAt == null ? null : Duration.between(m.lastCommitAt, m.lastEventAt),
                m.events.get(), m.published, m.total, m.replayId, m.problem)));
        return out;
    }
}
