package io.switchboard.benchmark;

import java.time.Duration;

/**
 * CPU time spent during a run's measured phase: by the pipeline's JVM, and by the benchmark's JVM, which holds the
 * Kafka broker, the emulated org and the load generator. On two shared cores this says who the bottleneck was.
 */
record CpuUse(Duration pipeline, Duration harness) {
}
