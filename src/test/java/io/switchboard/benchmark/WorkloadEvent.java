package io.switchboard.benchmark;

/** One record of the workload: where it is published, under which key, and what it is (for the report). */
record WorkloadEvent(String id, String topic, String key, byte[] value, String kind) {
}
