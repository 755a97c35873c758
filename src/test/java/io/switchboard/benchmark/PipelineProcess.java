package io.switchboard.benchmark;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's JVM, seen from the benchmark: started with {@link PipelineMain}, its output copied to a log file,
 * its readiness and its heap reading picked out of that output.
 */
final class PipelineProcess implements AutoCloseable {

    static final String MAX_HEAP = "-Xmx512m";

    private final Process process;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<HeapSampler.Reading> heap = new CompletableFuture<>();
    private volatile boolean outOfMemory;

    private PipelineProcess(Process process, Path log) {
        this.process = process;
        Thread pump = new Thread(() -> pump(log), "bench-pipeline-output");
        pump.setDaemon(true);
        pump.start();
        process.onExit().thenRun(() -> ready.completeExceptionally(
                new IllegalStateException("the pipeline exited with " + process.exitValue() + " before it was ready; see " + log)));
    }

    static PipelineProcess start(Pipeline pipeline, List<String> settings, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add(MAX_HEAP);
        // a heap too small must show as a failed run, not as a slow one
        command.add("-XX:+ExitOnOutOfMemoryError");
        // e.g. -Dbenchmark.pipeline-jvm-options=-Dbenchmark.jfr=pipeline.jfr to profile the pipeline (PipelineMain)
        String extra = System.getProperty("benchmark.pipeline-jvm-options", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.add("-cp");
        command.add(classpath());
        command.add(PipelineMain.class.getName());
        command.add(pipeline.argument());
        command.addAll(settings);
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new PipelineProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the pipeline JVM", e);
        }
    }

    void awaitReady(Duration timeout) throws Exception {
        ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the pipeline ran out of heap (it then exits: -XX:+ExitOnOutOfMemoryError). */
    boolean outOfMemory() {
        return outOfMemory;
    }

    /** CPU time the pipeline's JVM has used so far (all its threads), or zero if the OS does not say. */
    Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Asks for the heap reading, which also ends the JVM. */
    HeapSampler.Reading stop(Duration timeout) {
        try (PrintWriter in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8)) {
            in.println("stop");
        }
        try {
            return heap.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pump(Path log) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer file = Files.newBufferedWriter(log)) {
            String line;
            while ((line = out.readLine()) != null) {
                file.write(line);
                file.write('\n');
                if (line.equals("BENCH-READY")) {
                    ready.complete(null);
                } else if (line.startsWith("BENCH-HEAP ")) {
                    heap.complete(HeapSampler.Reading.parse(line));
                } else if (line.contains("java.lang.OutOfMemoryError")) {
                    outOfMemory = true;
                }
            }
        } catch (IOException e) {
            // the process is gone; what it printed so far is in the log
        }
    }

    /**
     * The classpath this JVM was started with. Under {@code mvn exec:java} the test classpath lives in the
     * plugin's class loader, not in java.class.path, so the loaders' URLs come first.
     */
    static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader loader = PipelineProcess.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Paths.get(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException notAFile) {
                        // only file URLs belong on a classpath
                    }
                }
            }
        }
        if (entries.isEmpty()) {
            return System.getProperty("java.class.path");
        }
        return String.join(File.pathSeparator, entries);
    }
}
