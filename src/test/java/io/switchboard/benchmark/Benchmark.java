package io.switchboard.benchmark;

import ch.qos.logback.classic.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The benchmark of issue 7: the batched Switchboard pipeline against a per-event pipeline, on one seeded, mixed
 * workload, with the emulated org answering at 0 ms and at 100 ms per request, at maximum and at a paced offered
 * load. Writes a Markdown table to stdout and to target/benchmark/results.md. See docs/benchmark.md.
 *
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.switchboard.benchmark.Benchmark</pre>
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            exit = run(BenchmarkOptions.parse(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            exit = 2;
        } catch (Exception e) {
            e.printStackTrace();
            exit = 1;
        }
        // The broker's and the clients' leftover threads must not keep the JVM (or mvn exec:java) waiting.
        System.exit(exit);
    }

    private static int run(BenchmarkOptions options) throws Exception {
        Quiet.rootLevel(Level.ERROR);
        double loadBefore = Machine.loadAverage();
        List<Scenario> scenarios = options.scenarios();
        ScenarioRunner.log("Switchboard benchmark: %d scenarios, %,d events (max runs), %d s at %s events/s (steady runs)",
                scenarios.size(), options.events(), options.rateSeconds(), options.rates());

        Population population = Population.generate(options.seed(), options.accounts(), options.contacts(),
                options.leads(), options.unknown());
        List<String> campaignIds = ScenarioRunner.campaignIds(population);
        List<WorkloadEvent> all = WorkloadGenerator.workload(population, campaignIds, options.seed(),
                Math.max(options.events(), options.pacedEvents()));
        List<WorkloadEvent> maxWorkload = all.subList(0, options.events());
        List<WorkloadEvent> warmup = WorkloadGenerator.warmup(population, campaignIds, options.seed(), options.warmup());

        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3);
        kafka.afterPropertiesSet();
        List<ScenarioResult> results = new ArrayList<>();
        ScenarioRunner runner = new ScenarioRunner(kafka.getBrokersAsString(), population, campaignIds, options);
        try {
            for (Scenario scenario : scenarios) {
                ScenarioRunner.log("%n[%d/%d] %s, %d ms per Salesforce request, offered load %s", results.size() + 1,
                        scenarios.size(), scenario.pipeline().label(), scenario.salesforceLatency().toMillis(), scenario.load());
                ScenarioResult result;
                try {
                    result = runner.run(scenario, scenario.paced()
                            ? all.subList(0, Math.min(all.size(), options.pacedEvents(scenario.ratePerSecond())))
                            : maxWorkload, warmup);
                } catch (Exception e) {
                    result = ScenarioResult.failed(scenario, e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                results.add(result);
                ScenarioRunner.log("  %s", summary(result));
            }
        } finally {
            runner.close();
            kafka.destroy();
        }

        String markdown = new ResultTable(options, results, mix(maxWorkload), population.seededRecords(),
                loadBefore).markdown();
        Files.createDirectories(options.output());
        Path file = options.output().resolve("results.md");
        Files.writeString(file, markdown, StandardCharsets.UTF_8);
        System.out.println(markdown);
        ScenarioRunner.log("written to %s", file.toAbsolutePath());
        Path plot = options.output().resolve(RequestsPlot.FILE);
        new RequestsPlot(results).writePng(plot);
        ScenarioRunner.log("plot written to %s", plot.toAbsolutePath());
        return 0;
    }

    private static String summary(ScenarioResult r) {
        if (r.error() != null) {
            return "FAILED: " + r.error();
        }
        return String.format("%,d of %,d outcomes, %.1f events/s, %,d API requests (%.1f per 1,000), p50 %d ms, p99 %d ms%s",
                r.completed(), r.published(), r.eventsPerSecond(), r.apiRequests(), r.requestsPerThousand(),
                r.latencies().percentile(50), r.latencies().percentile(99), r.complete() ? "" : " (time cap: lower bounds)");
    }

    private static Map<String, Long> mix(List<WorkloadEvent> events) {
        Map<String, Long> out = new TreeMap<>();
        events.forEach(e -> out.merge(e.kind(), 1L, Long::sum));
        return out;
    }
}
