package io.switchboard.benchmark;

import io.switchboard.SwitchboardApplication;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;

/**
 * The pipeline under test, in a JVM of its own (started by {@link PipelineProcess} with -Xmx512m), so that its
 * heap is measured apart from the Kafka broker, the emulated org and the load generator.
 *
 * <p>Arguments: {@code batched} or {@code per-event}, then {@code --key=value} settings. Talks to the parent over
 * stdout ({@code BENCH-READY}, {@code BENCH-HEAP ...}) and listens on stdin: {@code stop}, or the end of stdin
 * (the parent is gone), ends it at once: graceful shutdown measures nothing.
 */
public final class PipelineMain {

    /** Even if the parent never says stop, the JVM does not outlive a benchmark run. */
    private static final long MAX_LIFETIME_MS = 30 * 60 * 1000L;

    private PipelineMain() {
    }

    public static void main(String[] args) throws Exception {
        HeapSampler heap = HeapSampler.start();
        java.util.Optional<Runnable> flightRecording = startFlightRecording();
        startWatchdog();
        String[] settings = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "batched" -> SpringApplication.run(SwitchboardApplication.class, settings);
            case "per-event" -> {
                // Spring Boot's default level for the service; the baseline gets the same.
                Quiet.rootLevel(ch.qos.logback.classic.Level.INFO);
                PerEventPipeline.start(settings);
            }
            default -> throw new IllegalArgumentException("unknown pipeline " + args[0]);
        }
        System.out.println("BENCH-READY");
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.trim().equals("stop")) {
                // only "stop" means anything
            }
        }
        HeapSampler.Reading reading = heap.read();
        // before the heap line: the benchmark ends this JVM as soon as it has that
        flightRecording.ifPresent(Runnable::run);
        System.out.println(reading.line());
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    /**
     * With {@code -Dbenchmark.jfr=<file>} (through benchmark.pipeline-jvm-options) the pipeline records itself with
     * JFR's profiling settings and writes the recording at the end, where the halt would otherwise lose it.
     */
    private static java.util.Optional<Runnable> startFlightRecording() throws Exception {
        String file = System.getProperty("benchmark.jfr", "");
        if (file.isBlank()) {
            return java.util.Optional.empty();
        }
        jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(2));
        recording.start();
        return java.util.Optional.of(() -> {
            try {
                recording.dump(java.nio.file.Path.of(file));
            } catch (java.io.IOException e) {
                System.out.println("could not write the flight recording: " + e);
            }
        });
    }

    /** A pipeline the benchmark lost track of ends by itself: the run is bounded in time. */
    private static void startWatchdog() {
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread watchdog = new Thread(r, "bench-watchdog");
            watchdog.setDaemon(true);
            return watchdog;
        }).schedule(() -> Runtime.getRuntime().halt(3), MAX_LIFETIME_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
