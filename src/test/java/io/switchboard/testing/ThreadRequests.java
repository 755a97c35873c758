package io.switchboard.testing;

import io.switchboard.salesforce.RequestObserver;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.springframework.stereotype.Component;

/**
 * How many Salesforce reads and writes each thread made, for tests that count what one call to a stage cost: the
 * org's own counter also sees what the service does meanwhile in the background (the change feed's snapshots, the
 * review queue's re-matches). Test sources are scanned with the application's, so it is in every context started
 * from them (tests, local mode, the benchmark's pipeline), where it only counts.
 */
@Component
public class ThreadRequests implements RequestObserver {

    private static final int READS = 0;
    private static final int WRITES = 1;
    private final ConcurrentHashMap<Thread, AtomicLongArray> byThread = new ConcurrentHashMap<>();

    @Override
    public void answered(String operation, Instant started, Instant ended, String result) {
        int kind = operation.startsWith("save ") ? WRITES
                : operation.startsWith("read ") || operation.equals("query") || operation.equals("queryAll")
                        || operation.equals("search") ? READS : -1;
        if (kind >= 0) {
            byThread.computeIfAbsent(Thread.currentThread(), t -> new AtomicLongArray(2)).incrementAndGet(kind);
        }
    }

    /** Read requests (a composite of queries and searches, or one alone) this thread made so far. */
    public long reads() {
        return count(READS);
    }

    /** Write requests (sObject Collections in a composite request) this thread made so far. */
    public long writes() {
        return count(WRITES);
    }

    private long count(int kind) {
        AtomicLongArray counts = byThread.get(Thread.currentThread());
        return counts == null ? 0 : counts.get(kind);
    }
}
