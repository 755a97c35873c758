package io.switchboard.benchmark;

import java.util.Arrays;

/**
 * Publish-to-outcome latencies of one run. An event without an outcome when the run ended is counted with the
 * time it had waited so far: a lower bound of its latency. Percentiles are then lower bounds too, and say so.
 */
record Latencies(long[] millis, boolean censored) {

    static Latencies of(long[] millis, boolean censored) {
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted, censored);
    }

    /** The nearest-rank percentile, in milliseconds; -1 without data. */
    long percentile(double p) {
        if (millis.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * millis.length);
        return millis[Math.max(0, Math.min(millis.length - 1, rank - 1))];
    }
}
