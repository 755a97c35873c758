package io.switchboard.flow;

import io.switchboard.model.Interaction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaEndpoint;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

/**
 * One batch per instance across all its partitions. Each consumer thread gathers what it polls (Camel's batching
 * consumer, parsed on its own thread) and hands it over here, then waits; the first thread to hand over to a new
 * batch leads it: it waits for the other consumer threads' hand-overs (they come together, since one batch
 * releases them together), sends the whole batch through the stages once (route {@code deliver-batch}) and gives
 * every thread back its own records' results, or the failure, which each thread's route then handles as its own
 * (retry, isolation, pause). Outcomes and commits stay with each thread, per partition, after the batch: nothing is
 * committed before its outcome is recorded, and a thread's partitions have one batch in flight at a time, so one
 * person's events keep their order.
 * <p>
 * The latency budget: an event's outcome should be out {@code batch-latency-target} after its publication. A batch
 * takes some time to go through (a moving average of the last ones: more when Salesforce answers slowly), so the
 * consumer threads gather for the target less that (and less what follows a batch) before handing over, counted from
 * the start of the batch before: what arrives while a batch is in Salesforce waits in Kafka and goes in the next
 * one. At a higher arrival rate the same wait holds more events; a
 * backlog's records are already old (by their Kafka timestamp), so its batches close at once, as large as the polls
 * make them, one per thread in parallel. Salesforce requests cost per batch, not per event, so a fuller batch is the
 * whole of the API economy at a steady stream.
 */
@Component("batches")
public class BatchFormation {

    /** On an exchange whose records go through the stages by themselves (the isolation's pieces). */
    public static final String ALONE = "switchboardAlone";
    /** Set by the intake: the Kafka timestamp (epoch ms) of the oldest record a consumer thread hands over. */
    static final String OLDEST_RECORD = "switchboardOldestRecord";
    /** Set by the intake: the Kafka timestamp (epoch ms) of the newest record a consumer thread hands over. */
    static final String NEWEST_RECORD = "switchboardNewestRecord";
    /** Of a batch's time, the share assumed to grow with its size (the rest: its requests' round trips). */
    private static final double PER_EVENT_SHARE = 0.5;
    /** Records' publication span below which a batch says nothing of the arrival rate. */
    private static final long SHORTEST_SPAN_MS = 50;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BatchFormation.class);
    private static final double WEIGHT_OF_LAST = 0.3;
    /** Of the latency target, the share a leader may wait for the other threads' hand-overs. */
    private static final double GATHER_SHARE = 0.15;
    private static final long SHORTEST_GATHERING_MS = 50;
    /** After a batch, before its outcomes are out: their write to Kafka, the commit, the producer's consumer fetching them. */
    private static final long AFTER_BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * Polling after a batch at least: the first poll after a batch returns only what the consumer had fetched before
     * it, the records that waited in Kafka meanwhile come with the next ones. Without this, when a batch takes longer
     * than the interval, a thread hands over after its first poll, and every other batch holds a few records only.
     * The next fetch can take a while when the broker's machine is busy (100 ms was too short on two loaded cores);
     * it binds only while batches take longer than the target allows.
     */
    private static final long FETCH_AFTER_BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final io.switchboard.salesforce.ApiBudget budget;
    private final long normalTargetNanos;
    private final long slowedTargetNanos;
    private final int maxRecords;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** The batch being formed, null when none is. Guarded by {@link #lock}. */
    private Forming open;
    /** Consumer threads that handed over lately, and when. Guarded by {@link #lock}. */
    private final java.util.Map<Thread, Long> handedOver = new java.util.HashMap<>();
    /** Consumer threads waiting for a closed batch: they cannot hand over before it is through. Guarded by {@link #lock}. */
    private final java.util.Set<Thread> busy = new java.util.HashSet<>();
    private volatile long expectedNanos;
    /** The batches' size, a moving average like {@link #expectedNanos}. */
    private volatile double averageSize;
    /** Events per second arriving, from the last batch's records' publication times; 0 when unknown. */
    private volatile double arrivalRate;
    /**
     * How long the last batch held its threads, from the start of the first one's exchange (its records parsed,
     * handed over, waited for the others) to their release: Camel counts a thread's interval from that start, so
     * their polling after the batch counts from then.
     */
    private volatile long lastTookNanos;
    /** The consuming endpoint, whose batching interval follows the batches (one route consumes, one endpoint). */
    private volatile KafkaEndpoint consuming;
    private volatile int lastSize;
    private volatile long gatheringMillis;

    public BatchFormation(CamelContext camel, ProducerTemplate producer, BatchingProperties properties,
                          io.switchboard.salesforce.ApiBudget budget) {
        this.camel = camel;
        this.producer = producer;
        this.budget = budget;
        this.normalTargetNanos = properties.batchLatencyTarget().toNanos();
        this.slowedTargetNanos = Math.max(normalTargetNanos, properties.batchLatencyTargetWhenSlowed().toNanos());
        this.maxRecords = properties.batchMaxRecords();
        this.expectedNanos = normalTargetNanos / 4;
    }

    /** The latency target now: longer while the org's API usage is past the budget's slow-down point. */
    private long targetNanos() {
        return budget.state() == io.switchboard.salesforce.ApiBudget.State.NORMAL ? normalTargetNanos : slowedTargetNanos;
    }
    /** A consumer thread's share of a batch: where its records sit, and the result it waits for. */
    private static final class Share {
        final List<Interaction> interactions;
        final CompletableFuture<List<Interaction>> result = new CompletableFuture<>();
        final Long oldest;
        final Long newest;

        Share(List<Interaction> interactions, Long oldest, Long newest) {
            this.interactions = interactions;
            this.oldest = oldest;
            this.newest = newest;
        }
    }

    /** A batch taking shares until its deadline. */
    private static final class Forming {
        final List<Share> shares = new ArrayList<>();
        final java.util.Set<Thread> threads = new java.util.HashSet<>();
        int size;
        long deadline = Long.MAX_VALUE;
        /**
         * When the first of its threads' polled records became an exchange (System.nanoTime): Camel starts the
         * thread's batching interval there, before the records are parsed and handed over.
         */
        long earliestStart = Long.MAX_VALUE;
    }

    /** The route's step: this thread's interactions, delivered as part of the instance's batch. */
    public List<Interaction> deliverTogether(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        List<Interaction> mine = exchange.getMessage().getBody(List.class);
        if (mine.isEmpty() || Boolean.TRUE.equals(exchange.getProperty(ALONE, Boolean.class))) {
            return deliver(mine);
        }
        Share share = new Share(mine, exchange.getProperty(OLDEST_RECORD, Long.class),
                exchange.getProperty(NEWEST_RECORD, Long.class));
        long sinceCreated = Math.max(0, System.currentTimeMillis() - exchange.getClock().getCreated());
        Forming led = join(share, deadline(exchange.getProperty(OLDEST_RECORD, Long.class), mine.size()),
                System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(sinceCreated));
        if (exchange.getFromEndpoint() instanceof KafkaEndpoint kafka) {
            consuming = kafka;
            gatherFor(kafka);
        }
        if (led != null) {
            lead(led);
        }
        try {
            return share.result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * When a batch holding this share must close (System.nanoTime): when its oldest record is the target old, less
     * what batches take now. Should the target be out of reach (batches take longer than it, or the records waited
     * meanwhile), a share smaller than a backlog's still waits a little for the other threads: the latency is lost
     * either way, and one batch instead of one per thread spares requests. A backlog's share (a third of the largest
     * batch or more) closes at once, so that several batches are in Salesforce together.
     */
    private long deadline(Long oldestEpochMillis, int size) {
        long now = System.nanoTime();
        long target = targetNanos();
        long age = oldestEpochMillis == null ? 0
                : TimeUnit.MILLISECONDS.toNanos(Math.max(0, System.currentTimeMillis() - oldestEpochMillis));
        long wait = target - age - expectedNanos;
        if (size * 3 < maxRecords) {
            wait = Math.max(wait, (long) (target * GATHER_SHARE));
        }
        return now + Math.max(0, wait);
    }

    /**
     * How long the consumer threads gather before handing over: the target less what a batch takes and what follows
     * it. Camel's batching consumer counts this interval from the start of the thread's last batch, and the threads
     * cannot poll while a batch is in Salesforce: the records that arrive meanwhile wait in Kafka, so the oldest
     * record of the next batch arrived when the last one started, and its outcome is out the interval plus what a
     * batch takes, plus what follows, after it was published: the target. But never less than the last batch held
     * its threads (the leader's wait for the others, then the batch) and some polls after it: were the interval over
     * when a thread is released, Camel would hand over after its first poll, which returns only what the consumer
     * had fetched before the batch, and every other batch would hold a few records. Set again as each batch ends,
     * before its threads poll (when batches take long, the target is out of reach anyway). The threads, released
     * together by the batch before, hand over together; a thread out of step is waited for by the leader, within
     * the deadline.
     */
    private void gatherFor(KafkaEndpoint kafka) {
        long ms = gatheringMillis(targetNanos(), expectedNanos, averageSize, arrivalRate, lastTookNanos);
        if (ms != gatheringMillis) {
            gatheringMillis = ms;
            kafka.getConfiguration().setBatchingIntervalMs((int) ms);
            kafka.getConfiguration().setPollTimeoutMs(ms);
        }
    }

    /**
     * The consumer threads' gathering interval for a latency target, what batches take now (on average, at their
     * average size), the arrival rate, and what the last one held its threads (see {@link #gatherFor}). A batch
     * gathered for g holds about rate × g events; should that be more than batches hold now (a stream that grew,
     * the first batches after a warm-up or a pause), it takes longer: part of a batch's time grows with its size, so
     * the interval is the g that leaves the target for the batch it makes.
     */
    static long gatheringMillis(long targetNanos, long expectedNanos, double averageSize, double ratePerSecond,
                                long lastTookNanos) {
        double budget = targetNanos - AFTER_BATCH_NANOS;
        double g = budget - expectedNanos;
        if (averageSize > 0 && ratePerSecond > 0 && g > 0 && ratePerSecond * g / 1e9 > averageSize) {
            // P(n) = E × (1 − s + s × n / S), n = rate × g: g + P(n) = budget, solved for g
            double perNano = expectedNanos * PER_EVENT_SHARE * ratePerSecond / 1e9 / averageSize;
            g = (budget - expectedNanos * (1 - PER_EVENT_SHARE)) / (1 + perNano);
        }
        return Math.max(SHORTEST_GATHERING_MS, TimeUnit.NANOSECONDS.toMillis(Math.max((long) g,
                lastTookNanos + FETCH_AFTER_BATCH_NANOS)));
    }

    /** Adds the share to the open batch, or opens one; returns the batch when this thread is to lead it. */
    private Forming join(Share share, long deadline, long startedNanos) {
        lock.lock();
        try {
            boolean fits = open != null && open.size + share.interactions.size() <= maxRecords;
            Forming batch = fits ? open : new Forming();
            if (!fits) {
                open = batch;
            }
            long now = System.nanoTime();
            handedOver.put(Thread.currentThread(), now);
            handedOver.values().removeIf(at -> now - at > 4 * targetNanos());
            batch.threads.add(Thread.currentThread());
            batch.shares.add(share);
            batch.size += share.interactions.size();
            batch.deadline = Math.min(batch.deadline, deadline);
            batch.earliestStart = Math.min(batch.earliestStart, startedNanos);
            changed.signalAll();
            return fits ? null : batch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the other consumer threads that hand over lately (until the batch's deadline, or its being full),
     * closes the batch, delivers it and hands out the results.
     */
    private void lead(Forming batch) {
        lock.lock();
        try {
            long left;
            while (batch.size < maxRecords && !batch.threads.containsAll(expected())
                    && (left = batch.deadline - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (open == batch) {
                open = null;
            }
            busy.addAll(batch.threads);
            lock.unlock();
        }
        try {
            deliverAndHandOut(batch);
        } finally {
            lock.lock();
            try {
                busy.removeAll(batch.threads);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The threads a leader waits for: those that hand over lately, but not those waiting for another batch. */
    private java.util.Set<Thread> expected() {
        java.util.Set<Thread> out = new java.util.HashSet<>(handedOver.keySet());
        out.removeAll(busy);
        return out;
    }

    private void deliverAndHandOut(Forming batch) {
        List<Interaction> all = new ArrayList<>(batch.size);
        batch.shares.forEach(s -> all.addAll(s.interactions));
        long start = System.nanoTime();
        List<Interaction> done;
        try {
            done = deliver(all);
            if (done.size() != all.size()) {
                throw new IllegalStateException("the stages returned " + done.size() + " results for a batch of " + all.size());
            }
        } catch (Exception | Error e) {
            batch.shares.forEach(s -> s.result.completeExceptionally(e));
            return;
        }
        long took = System.nanoTime() - start;
        expectedNanos = (long) (WEIGHT_OF_LAST * took + (1 - WEIGHT_OF_LAST) * expectedNanos);
        lastTookNanos = System.nanoTime() - batch.earliestStart;
        averageSize = averageSize == 0 ? all.size() : WEIGHT_OF_LAST * all.size() + (1 - WEIGHT_OF_LAST) * averageSize;
        arrivalRate = rate(batch);
        lastSize = all.size();
        // before the threads are released: their polling after this batch counts from its start
        KafkaEndpoint kafka = consuming;
        if (kafka != null) {
            gatherFor(kafka);
        }
        log.debug("batch of {} events from {} consumer threads went through in {} ms (expected now {} ms, threads gather {} ms)",
                all.size(), batch.threads.size(), TimeUnit.NANOSECONDS.toMillis(took),
                TimeUnit.NANOSECONDS.toMillis(expectedNanos), gatheringMillis);
        int from = 0;
        for (Share s : batch.shares) {
            s.result.complete(new ArrayList<>(done.subList(from, from + s.interactions.size())));
            from += s.interactions.size();
        }
    }

    /** Events per second the batch's records were published at, from their Kafka timestamps; 0 when it cannot say. */
    private static double rate(Forming batch) {
        long oldest = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        for (Share s : batch.shares) {
            if (s.oldest != null && s.newest != null) {
                oldest = Math.min(oldest, s.oldest);
                newest = Math.max(newest, s.newest);
            }
        }
        long span = newest - oldest;
        return span < SHORTEST_SPAN_MS ? 0 : batch.size * 1000.0 / span;
    }

    /** The stages over one batch: route deliver-batch; its failure is the batch's. */
    private List<Interaction> deliver(List<Interaction> batch) throws Exception {
        Exchange run = new DefaultExchange(camel);
        run.getMessage().setBody(batch);
        producer.send("direct:deliver-batch", run);
        if (run.getException() != null) {
            throw run.getException();
        }
        @SuppressWarnings("unchecked")
        List<Interaction> done = run.getMessage().getBody(List.class);
        return done;
    }

    public long getExpectedBatchMillis() {
        return TimeUnit.NANOSECONDS.toMillis(expectedNanos);
    }

    public int getLastBatchSize() {
        return lastSize;
    }

    public long getLatencyTargetMillis() {
        return TimeUnit.NANOSECONDS.toMillis(targetNanos());
    }

    public long getGatheringMillis() {
        return gatheringMillis;
    }
}
