package io.switchboard.changefeed;

import io.switchboard.salesforce.RequestTally;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Reads an object's current records with SOQL, a page at a time in Id order, and publishes them: on first start,
 * when the stored position is too old to resume, and after a GAP_OVERFLOW. The subscription is already running
 * (from the latest position, or from the stored one), so a change during the snapshot arrives as an event; a record
 * the stream published while the snapshot runs is left as the stream published it, so the snapshot never puts back
 * an older state. Progress (the last id published) is stored after each page, so a restart goes on from there.
 * One object at a time, on the feed's own thread; a failure (Salesforce or Kafka unavailable) is retried from the
 * last stored page with growing delays.
 */
@Component
class FeedSnapshots implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(FeedSnapshots.class);

    private final RecordReads reads;
    private final FeedRecords records;
    private final FeedTopics topics;
    private final FeedPositions positions;
    private final FeedState state;
    private final FeedStatus status;
    private final ChangeFeedProperties properties;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "change-feed-snapshot");
        t.setDaemon(true);
        return t;
    });
    private final Map<FeedObject, Boolean> running = new ConcurrentHashMap<>();
    /** The next run of each object's snapshot: a new request replaces a retry still waiting. */
    private final Map<FeedObject, java.util.concurrent.ScheduledFuture<?>> pendingRuns = new ConcurrentHashMap<>();
    /** Moves on when this instance stops running the feed: a run of an earlier term stops after its page. */
    private final java.util.concurrent.atomic.AtomicLong term = new java.util.concurrent.atomic.AtomicLong();

    FeedSnapshots(RecordReads reads, FeedRecords records, FeedTopics topics, FeedPositions positions, FeedState state,
                  FeedStatus status, ChangeFeedProperties properties) {
        this.reads = reads;
        this.records = records;
        this.topics = topics;
        this.positions = positions;
        this.state = state;
        this.status = status;
        this.properties = properties;
    }

    /** A new snapshot of the object, from its first record, after {@code delay} (the subscription settles first). */
    void fresh(FeedObject object, Duration delay) {
        schedule(object, true, delay, Duration.ofSeconds(1));
    }

    /** Goes on with the snapshot the stored progress describes. */
    void resume(FeedObject object) {
        schedule(object, false, Duration.ZERO, Duration.ofSeconds(1));
    }

    /** GAP_OVERFLOW: Salesforce could not say what changed, so every record is read again. */
    void readAgain(FeedObject object) {
        LOG.warn("Change feed: Salesforce reported a GAP_OVERFLOW on {}; reading every {} again", object.sObject, object.sObject);
        fresh(object, Duration.ZERO);
    }

    boolean running(FeedObject object) {
        return running.getOrDefault(object, false);
    }

    /**
     * Stops every snapshot (this instance no longer runs the feed): waiting runs are cancelled, a running one stops
     * after the page it publishes; returns once it has. The stored progress lets the next leader go on from there.
     */
    void halt() {
        term.incrementAndGet();
        pendingRuns.values().forEach(f -> f.cancel(false));
        pendingRuns.clear();
        try {
            worker.submit(() -> { }).get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("Change feed: a snapshot did not stop within 2 minutes ({})", e.toString());
        }
        running.clear();
    }

    private void schedule(FeedObject object, boolean fresh, Duration delay, Duration retry) {
        long during = term.get();
        running.put(object, true);
        status.phase(object, FeedStatus.Phase.SNAPSHOT);
        java.util.concurrent.ScheduledFuture<?> waiting = pendingRuns.get(object);
        if (waiting != null) {
            waiting.cancel(false);
        }
        pendingRuns.put(object, worker.schedule(() -> {
            if (term.get() != during) {
                return;
            }
            try {
                run(object, fresh, during);
            } catch (RuntimeException e) {
                if (term.get() != during) {
                    return;
                }
                Duration next = retry.multipliedBy(2).compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : retry.multipliedBy(2);
                LOG.warn("Change feed: the snapshot of {} stopped ({}); going on from its last page in {} s",
                        object.sObject, e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage()),
                        retry.toSeconds());
                status.problem(object, "snapshot: " + e.getMessage());
                schedule(object, false, retry, next);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void run(FeedObject object, boolean fresh, long during) {
        RequestTally tally = new RequestTally();
        try {
            if (!fresh && positions.snapshot(object).filter(FeedPositions.Snapshot::complete).isPresent()) {
                // resumed after it finished meanwhile (a restart while it ran): nothing left to read
                finished(object);
                return;
            }
            FeedPositions.Snapshot at = fresh ? null : positions.snapshot(object).orElse(null);
            long total = reads.count(object, tally);
            if (at == null) {
                at = new FeedPositions.Snapshot(positions.now(), null, 0, total, false);
                positions.storeSnapshot(object, at);
                state.snapshotStarts(object);
                LOG.info("Change feed: snapshot of {} starts: {} records", object.sObject, String.format("%,d", total));
            } else {
                state.snapshotStarts(object);
                LOG.info("Change feed: snapshot of {} goes on after {} of {} records", object.sObject,
                        String.format("%,d", at.published()), String.format("%,d", total));
            }
            status.snapshotProgress(object, at.published(), total);
            int size = properties.snapshotPageSize();
            while (true) {
                List<Map<String, Object>> page = reads.page(object, at.lastId(), size, tally);
                List<Map<String, Object>> unchanged = page.stream()
                        .filter(f -> !state.streamPublishedDuringSnapshot(object, FeedRecords.key(RecordShape.text(f, "Id"))))
                        .toList();
                List<Publication> published = records.records(object, unchanged, "snapshot");
                topics.publish(published);
                records.announce(published);
                boolean last = page.size() < size;
                String lastId = page.isEmpty() ? at.lastId() : RecordShape.text(page.get(page.size() - 1), "Id");
                at = new FeedPositions.Snapshot(at.startedAt(), lastId, at.published() + page.size(),
                        Math.max(total, at.published() + page.size()), last);
                positions.storeSnapshot(object, at);
                status.snapshotProgress(object, at.published(), at.total());
                LOG.info("Change feed: snapshot of {} {} {} of {} records ({}%), {} Salesforce requests so far",
                        object.sObject, bar(at.published(), at.total()), String.format("%,d", at.published()),
                        String.format("%,d", at.total()), at.total() == 0 ? 100 : at.published() * 100 / at.total(),
                        tally.count());
                if (last) {
                    break;
                }
                if (term.get() != during) {
                    LOG.info("Change feed: snapshot of {} stops after {} records: this instance no longer runs the"
                            + " feed (the next one goes on from here)", object.sObject, String.format("%,d", at.published()));
                    return;
                }
            }
            finished(object);
            LOG.info("Change feed: snapshot of {} done: {} records in {} Salesforce requests; streaming changes",
                    object.sObject, String.format("%,d", at.published()), tally.count());
        } finally {
            status.requests(tally.count());
        }
    }

    private void finished(FeedObject object) {
        state.snapshotEnds(object);
        running.put(object, false);
        status.phase(object, FeedStatus.Phase.STREAMING);
    }

    /** A progress bar of 20 characters, for the log. */
    static String bar(long done, long total) {
        int filled = total <= 0 ? 20 : (int) Math.min(20, done * 20 / total);
        return "[" + "#".repeat(filled) + ".".repeat(20 - filled) + "]";
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
