package io.switchboard.benchmark;

import java.time.Duration;

/**
 * One run: a pipeline, the emulator's latency per Salesforce request, and the offered load.
 *
 * @param ratePerSecond events published per second; 0 publishes the whole workload up front ("max")
 */
record Scenario(Pipeline pipeline, Duration salesforceLatency, int ratePerSecond) {

    boolean paced() {
        return ratePerSecond > 0;
    }

    String load() {
        return paced() ? ratePerSecond + " ev/s" : "max";
    }

    /** Short, file-name safe, unique per scenario. */
    String slug() {
        return pipeline.argument() + "-" + salesforceLatency.toMillis() + "ms-" + (paced() ? ratePerSecond + "eps" : "max");
    }
}
