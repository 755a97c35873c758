package io.switchboard.benchmark;

import java.util.Map;

/**
 * What one scenario measured.
 *
 * @param published    measured events published (warm-up excluded)
 * @param completed    of those, events whose outcome arrived before the run's time cap
 * @param elapsedNanos first publish to last outcome, or to the time cap when some outcomes never came
 * @param apiRequests  the emulator's API request count over the measured phase
 * @param heap         the pipeline JVM's heap reading; null if it could not be read
 * @param cpu          CPU time used during the measured phase, by the pipeline and by everything else
 * @param requestsByKind the measured phase's API requests by kind of request (see the emulator's count)
 * @param decisions    outcomes by decision (delivered, skipped-by-rule, dead-lettered), plus how many matched an
 *                     existing person ({@link #MATCHED}) and how many created one ({@link #CREATED})
 */
record ScenarioResult(Scenario scenario, int published, long completed, long elapsedNanos, long apiRequests,
                      Map<String, Long> requestsByKind, Latencies latencies, HeapSampler.Reading heap, CpuUse cpu, Map<String, Long> decisions,
                      String error) {

    static final String MATCHED = "matched a person";
    static final String CREATED = "created a person";

    boolean complete() {
        return error == null && completed == published;
    }

    double eventsPerSecond() {
        return elapsedNanos <= 0 ? 0 : completed / (elapsedNanos / 1e9);
    }

    /** API requests per 1,000 events that reached their outcome. */
    double requestsPerThousand() {
        return completed == 0 ? Double.NaN : apiRequests * 1000.0 / completed;
    }

    static ScenarioResult failed(Scenario scenario, String error) {
        return new ScenarioResult(scenario, 0, 0, 0, 0, Map.of(), Latencies.of(new long[0], false), null, null, Map.of(),
                error);
    }
}
