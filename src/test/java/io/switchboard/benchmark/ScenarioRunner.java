package io.switchboard.benchmark;

import io.switchboard.emulator.EmulatorSettings;
import io.switchboard.emulator.SalesforceEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Runs one scenario from scratch: a freshly seeded emulated org, fresh topics and consumer group, the pipeline in
 * its own JVM, a warm-up at 0 ms latency, then the measured phase at the scenario's latency and offered load.
 * Only public behaviour is used: records in, outcomes out, and the org's API request counter.
 */
final class ScenarioRunner {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration WARMUP_TIMEOUT = Duration.ofSeconds(120);
    private static final Path ORG_SCHEMA = Path.of("src/test/resources/emulator/switchboard-org.yaml");

    private final String bootstrap;
    private final Population population;
    private final List<String> campaignIds;
    private final BenchmarkOptions options;
    private final KafkaProducer<String, byte[]> producer;

    ScenarioRunner(String bootstrap, Population population, List<String> campaignIds, BenchmarkOptions options) {
        this.bootstrap = bootstrap;
        this.campaignIds = campaignIds;
        this.population = population;
        this.options = options;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.producer = new KafkaProducer<>(props);
    }

    ScenarioResult run(Scenario scenario, List<WorkloadEvent> workload, List<WorkloadEvent> warmup) throws Exception {
        String prefix = "bench-" + scenario.slug();
        Topics topics = Topics.forScenario(prefix);
        createTopics(topics);
        try (SalesforceEmulator salesforce = SalesforceEmulator.start(emulatorSettings());
             OutcomeCollector outcomes = new OutcomeCollector(bootstrap, topics.outcomes())) {
            OrgSeeder.Seeded seeded = OrgSeeder.seed(salesforce.org(), population);
            if (!seeded.campaignIds().equals(campaignIds)) {
                throw new IllegalStateException("a fresh org gave the Campaigns other ids than the workload names: "
                        + seeded.campaignIds() + " vs " + campaignIds);
            }
            log("  org seeded: %,d records in %.1f s", population.seededRecords(), seeded.nanos() / 1e9);
            Path logFile = options.output().resolve(scenario.slug() + ".log");
            try (PipelineProcess pipeline = PipelineProcess.start(scenario.pipeline(),
                    settingsFor(scenario.pipeline(), topics, prefix, salesforce), logFile)) {
                pipeline.awaitReady(READY_TIMEOUT);
                log("  pipeline ready (log: %s)", logFile);

                List<String> warmupIds = publishAll(warmup, topics, new long[warmup.size()]);
                boolean warm = outcomes.awaitAll(warmupIds, System.nanoTime() + WARMUP_TIMEOUT.toNanos());
                log("  warm-up: %d of %d outcomes", outcomes.arrived(warmupIds), warmupIds.size());
                if (!warm) {
                    pipeline.stop(Duration.ofSeconds(10));
                    return ScenarioResult.failed(scenario, "warm-up did not finish in " + WARMUP_TIMEOUT.toSeconds()
                            + " s; see " + logFile);
                }

                salesforce.faults().latency(scenario.salesforceLatency());
                long requestsBefore = salesforce.apiRequests();
                Map<String, Long> kindsBefore = salesforce.apiRequestsByKind();
                Duration pipelineCpuBefore = pipeline.cpuTime();
                long harnessCpuBefore = harnessCpuNanos();
                long[] published = new long[workload.size()];
                long start = System.nanoTime();
                long deadline = start + options.scenarioCap().toNanos();
                List<String> ids = scenario.paced()
                        ? publishPaced(workload, topics, published, scenario.ratePerSecond(), deadline)
                        : publishAll(workload, topics, published);
                boolean all = outcomes.awaitAll(ids, deadline);
                long end = System.nanoTime();
                long requests = salesforce.apiRequests() - requestsBefore;
                Map<String, Long> byKind = new TreeMap<>();
                salesforce.apiRequestsByKind().forEach((kind, n) -> {
                    long measured = n - kindsBefore.getOrDefault(kind, 0L);
                    if (measured > 0) {
                        byKind.put(kind, measured);
                    }
                });
                CpuUse cpu = new CpuUse(pipeline.cpuTime().minus(pipelineCpuBefore),
                        Duration.ofNanos(harnessCpuNanos() - harnessCpuBefore));
                HeapSampler.Reading heap = pipeline.stop(Duration.ofSeconds(15));
                if (pipeline.outOfMemory()) {
                    return ScenarioResult.failed(scenario, "OutOfMemoryError with " + PipelineProcess.MAX_HEAP
                            + "; see " + logFile);
                }
                return result(scenario, workload.subList(0, ids.size()), published, outcomes, all, start, end,
                        requests, byKind, heap, cpu);
            }
        }
    }

    static EmulatorSettings emulatorSettings() {
        return EmulatorSettings.defaults().withPort(0).withExtraSchema(ORG_SCHEMA);
    }

    /** The ids a fresh org gives the population's Campaigns (a throwaway org, seeded with the Campaigns alone). */
    static List<String> campaignIds(Population population) {
        try (SalesforceEmulator probe = SalesforceEmulator.start(emulatorSettings())) {
            return OrgSeeder.campaigns(probe.org(), population);
        }
    }

    private ScenarioResult result(Scenario scenario, List<WorkloadEvent> workload, long[] published,
                                  OutcomeCollector outcomes, boolean all, long start, long end, long requests,
                                  Map<String, Long> byKind, HeapSampler.Reading heap, CpuUse cpu) {
        long[] latencies = new long[workload.size()];
        long completed = 0;
        long lastArrival = start;
        Map<String, Long> decisions = new TreeMap<>();
        for (int i = 0; i < workload.size(); i++) {
            OutcomeCollector.Arrival arrival = outcomes.arrival(workload.get(i).id());
            if (arrival != null) {
                completed++;
                lastArrival = Math.max(lastArrival, arrival.nanos());
                latencies[i] = TimeUnit.NANOSECONDS.toMillis(arrival.nanos() - published[i]);
                decisions.merge(arrival.decision(), 1L, Long::sum);
                if (arrival.matched()) {
                    decisions.merge(ScenarioResult.MATCHED, 1L, Long::sum);
                }
                if (arrival.createdPerson()) {
                    decisions.merge(ScenarioResult.CREATED, 1L, Long::sum);
                }
            } else {
                // still waiting when the run ended: what it waited so far is a lower bound of its latency
                latencies[i] = TimeUnit.NANOSECONDS.toMillis(end - published[i]);
            }
        }
        long elapsed = (all ? lastArrival : end) - start;
        return new ScenarioResult(scenario, workload.size(), completed, elapsed, requests, byKind,
                Latencies.of(latencies, !all), heap, cpu, decisions, null);
    }

    /** Publishes everything as fast as the producer takes it; the whole workload is then waiting in Kafka. */
    private List<String> publishAll(List<WorkloadEvent> events, Topics topics, long[] published) {
        List<String> ids = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            published[i] = send(events.get(i), topics);
            ids.add(events.get(i).id());
        }
        producer.flush();
        return ids;
    }

    /** Publishes at a fixed rate, each event at its scheduled time (no catching up in bursts beyond that). */
    private List<String> publishPaced(List<WorkloadEvent> events, Topics topics, long[] published, int rate,
                                      long deadline) {
        List<String> ids = new ArrayList<>(events.size());
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < events.size() && System.nanoTime() < deadline; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            published[i] = send(events.get(i), topics);
            ids.add(events.get(i).id());
        }
        producer.flush();
        return ids;
    }

    private long send(WorkloadEvent event, Topics topics) {
        long now = System.nanoTime();
        producer.send(new ProducerRecord<>(topics.resolve(event.topic()), null, System.currentTimeMillis(),
                event.key(), event.value()));
        return now;
    }

    private List<String> settingsFor(Pipeline pipeline, Topics topics, String prefix, SalesforceEmulator salesforce) {
        EmulatorSettings s = salesforce.settings();
        String group = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> out = new ArrayList<>();
        if (pipeline == Pipeline.BATCHED) {
            // Command-line arguments, as in local mode: they outrank config/application.yaml.
            out.add("--switchboard.kafka.bootstrap-servers=" + bootstrap);
            out.add("--switchboard.kafka.group-id=" + group);
            out.add("--switchboard.topics.input=" + topics.inputs());
            out.add("--switchboard.topics.outcomes=" + topics.outcomes());
            out.add("--switchboard.topics.dead-letter=" + topics.deadLetter());
            salesforce.serviceSettings().forEach((key, value) -> out.add("--" + key + "=" + value));
            out.add("--server.port=0");
            out.add("--switchboard.signing.key=" + io.switchboard.signing.SigningProperties.randomKey());
            out.add("--spring.main.banner-mode=off");
            // one line per batch in the pipeline's log: its size, its threads, its time
            out.add("--logging.level.io.switchboard.flow.BatchFormation=DEBUG");
            if (Boolean.getBoolean("benchmark.log-requests")) {
                out.add("--logging.level.io.switchboard.salesforce.SalesforceTransport=DEBUG");
            }
        } else {
            out.add("--bootstrap=" + bootstrap);
            out.add("--group=" + group);
            out.add("--inputs=" + topics.inputs());
            out.add("--outcomes=" + topics.outcomes());
            out.add("--salesforce.login-url=" + salesforce.baseUrl());
            out.add("--salesforce.client-id=" + s.clientId());
            out.add("--salesforce.client-secret=" + s.clientSecret());
            out.add("--salesforce.user-name=" + s.username());
            out.add("--salesforce.password=" + s.password());
        }
        return out;
    }

    private void createTopics(Topics topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(topics.all().stream().map(t -> new NewTopic(t, 3, (short) 1)).toList())
                    .all().get(60, TimeUnit.SECONDS);
        }
    }

    /** CPU time of this JVM: the broker, the emulated org, the load generator and the outcome reader. */
    private static long harnessCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    void close() {
        producer.close(Duration.ofSeconds(10));
    }

    static void log(String format, Object... args) {
        System.err.println(String.format(format, args));
    }
}
