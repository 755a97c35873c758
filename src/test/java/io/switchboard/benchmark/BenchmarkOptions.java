package io.switchboard.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line options, all {@code --name=value}. Defaults give the full run (about 8 minutes on two cores);
 * {@code --pipelines=batched --latencies=100 --events=2000 --rate-seconds=10 --cap-seconds=30} a quick one.
 */
record BenchmarkOptions(int events, List<Integer> rates, int rateSeconds, List<Duration> latencies, List<Pipeline> pipelines,
                        List<String> loads, Duration scenarioCap, int warmup, long seed, int accounts, int contacts,
                        int leads, int unknown, Path output, List<String> raw) {

    static final String USAGE = """
            Options (all optional, --name=value):
              --events=10000          events of the 'max' runs (all published up front)
              --rates=200,500         offered loads of the steady (paced) runs, events per second (--rate=N: one)
              --rate-seconds=20       how long the steady runs publish (rate x seconds events)
              --latencies=0,100       emulated Salesforce latency per request, ms
              --pipelines=batched,per-event
              --loads=max,paced
              --cap-seconds=45        a run's measured phase ends after this, finished or not
              --warmup=200            events through each pipeline before measuring (at 0 ms latency)
              --seed=7                workload and org seed
              --accounts=10000 --contacts=25000 --leads=15000 --unknown=5000   the org and the new people
              --out=target/benchmark  where results.md and the pipeline logs go
            """;

    static BenchmarkOptions parse(String[] args) {
        int events = 10_000;
        List<Integer> rates = List.of(200, 500);
        int rateSeconds = 20;
        List<Duration> latencies = List.of(Duration.ZERO, Duration.ofMillis(100));
        List<Pipeline> pipelines = List.of(Pipeline.BATCHED, Pipeline.PER_EVENT);
        List<String> loads = List.of("max", "paced");
        Duration cap = Duration.ofSeconds(45);
        int warmup = 200;
        long seed = 7;
        int accounts = 10_000;
        int contacts = 25_000;
        int leads = 15_000;
        int unknown = 5_000;
        Path output = Path.of("target", "benchmark");
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("not an option: " + arg + "\n" + USAGE);
            }
            String name = arg.substring(2, eq);
            String value = arg.substring(eq + 1);
            switch (name) {
                case "events" -> events = positive(name, value);
                case "rate" -> rates = List.of(positive(name, value));
                case "rates" -> rates = Arrays.stream(value.split(",")).map(v -> positive(name, v.trim())).toList();
                case "rate-seconds" -> rateSeconds = positive(name, value);
                case "latencies" -> latencies = Arrays.stream(value.split(","))
                        .map(v -> Duration.ofMillis(Long.parseLong(v.trim()))).toList();
                case "pipelines" -> pipelines = Arrays.stream(value.split(",")).map(String::trim).map(Pipeline::parse).toList();
                case "loads" -> loads = loads(value);
                case "cap-seconds" -> cap = Duration.ofSeconds(positive(name, value));
                case "warmup" -> warmup = positive(name, value);
                case "seed" -> seed = Long.parseLong(value);
                case "accounts" -> accounts = positive(name, value);
                case "contacts" -> contacts = positive(name, value);
                case "leads" -> leads = positive(name, value);
                case "unknown" -> unknown = positive(name, value);
                case "out" -> output = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
            }
        }
        return new BenchmarkOptions(events, rates, rateSeconds, latencies, pipelines, loads, cap, warmup, seed,
                accounts, contacts, leads, unknown, output, List.of(args));
    }

    /** Every scenario, in run order: per pipeline, per latency, the max run then the steady runs, rate by rate. */
    List<Scenario> scenarios() {
        List<Scenario> out = new ArrayList<>();
        for (Pipeline pipeline : pipelines) {
            for (Duration latency : latencies) {
                for (String load : loads) {
                    if (load.equals("paced")) {
                        rates.forEach(rate -> out.add(new Scenario(pipeline, latency, rate)));
                    } else {
                        out.add(new Scenario(pipeline, latency, 0));
                    }
                }
            }
        }
        return out;
    }

    /** Events of the steady run at this rate: rate x rate-seconds. */
    int pacedEvents(int rate) {
        return rate * rateSeconds;
    }

    /** Events of the largest steady run. */
    int pacedEvents() {
        return rates.stream().mapToInt(this::pacedEvents).max().orElse(0);
    }

    private static List<String> loads(String value) {
        List<String> out = Arrays.stream(value.split(",")).map(String::trim).toList();
        for (String load : out) {
            if (!load.equals("max") && !load.equals("paced")) {
                throw new IllegalArgumentException("unknown load '" + load + "' (max or paced)");
            }
        }
        return out;
    }

    private static int positive(String name, String value) {
        int n = Integer.parseInt(value);
        if (n <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive");
        }
        return n;
    }
}
