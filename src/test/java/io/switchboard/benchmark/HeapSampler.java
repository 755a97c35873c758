package io.switchboard.benchmark;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap of the pipeline's JVM, two ways: the highest heap in use seen by a sampler every 20 ms (garbage
 * included, so it mostly shows how much headroom the collector was given), and the highest heap still in use
 * right after a collection (the live set, which is what a heap limit must hold).
 */
final class HeapSampler {

    private final AtomicLong peakUsed = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());

    /** A heap reading: bytes, and how many collections ran and how long they took in total. */
    record Reading(long peakUsed, long peakAfterGc, long max, long collections, long collectionMillis) {

        String line() {
            return "BENCH-HEAP peakUsed=" + peakUsed + " peakAfterGc=" + peakAfterGc + " max=" + max
                    + " gcCount=" + collections + " gcMillis=" + collectionMillis;
        }

        static Reading parse(String line) {
            java.util.Map<String, Long> values = new java.util.HashMap<>();
            for (String part : line.substring("BENCH-HEAP ".length()).split(" ")) {
                String[] kv = part.split("=");
                values.put(kv[0], Long.parseLong(kv[1]));
            }
            return new Reading(values.get("peakUsed"), values.get("peakAfterGc"), values.get("max"),
                    values.get("gcCount"), values.get("gcMillis"));
        }
    }

    static HeapSampler start() {
        HeapSampler sampler = new HeapSampler();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    sampler.afterCollection(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()));
                }
            }, null, null);
        }
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread thread = new Thread(r, "bench-heap-sampler");
                    thread.setDaemon(true);
                    return thread;
                });
        timer.scheduleAtFixedRate(sampler::sample, 0, 20, java.util.concurrent.TimeUnit.MILLISECONDS);
        return sampler;
    }

    private void sample() {
        peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
    }

    private void afterCollection(GarbageCollectionNotificationInfo info) {
        long live = 0;
        for (var pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                MemoryUsage usage = pool.getValue();
                live += usage.getUsed();
            }
        }
        peakAfterGc.accumulateAndGet(live, Math::max);
    }

    Reading read() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        return new Reading(peakUsed.get(), peakAfterGc.get(), Runtime.getRuntime().maxMemory(), count, millis);
    }
}
