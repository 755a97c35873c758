package io.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The README's first command as a new user runs it: local mode in a process of its own (the same main class
 * {@code ./mvnw spring-boot:test-run} starts), on free ports. It must start, log one line per sample event's
 * outcome without burying them under the infrastructure's logging, and refuse a taken port in one line.
 */
// beside the other test classes (its own process, on free ports; see failsafe in pom.xml); its tests one after another
@Execution(ExecutionMode.CONCURRENT)
class LocalModeIT {

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    void startsDeliversTheSamplesAndLogsLittleBesideTheOutcomes() throws Exception {
        int[] ports = freePorts(4);
        // local mode started again: its console's store on disk was filled from the broker of the run before, at the
        // offsets this run's broker gives again
        Path store = java.nio.file.Files.createTempDirectory("local-console-");
        io.switchboard.console.store.StoreSeed.filledFromAnotherCluster(store, "switchboard", "interactions.outcomes", 3,
                "sample-call-0001");
        Process local = start(ports[0], ports[2], ports[3], store);
        Output output = collect(local);
        List<String> lines = output.lines();
        try {
            Awaitility.await().atMost(Duration.ofMinutes(4)).until(() -> outcomeLines(lines) >= 5 || !local.isAlive());
            assertThat(local.isAlive()).as(String.join("\n", lines)).isTrue();
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("Switchboard local mode is running"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("DELIVERED call.inbound event=sample-call-0001"));
            // the outcome lines stand out: the broker's and the other infrastructure's logging stays quiet
            long others = lines.stream().filter(l -> !l.contains("io.switchboard.outcome")).count();
            assertThat(others).as(String.join("\n", lines)).isLessThan(120);
            assertThat(lines).noneMatch(l -> l.contains("INFO kafka.") || l.contains("INFO org.apache.kafka"));
            // the sample webhooks, posted over HTTP through the ingress with this run's secrets: Aircall's call, and
            // Twilio's call with its recording, added to the call's Task
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> lines.stream().anyMatch(l ->
                    l.contains("DELIVERED call.recording event=twilio-recording-")) || !local.isAlive());
            assertThat(lines).as(String.join("\n", lines)).anySatisfy(l -> assertThat(l).contains("DELIVERED call.inbound event=aircall-call-88001"))
                    .anySatisfy(l -> assertThat(l).contains("DELIVERED call.inbound event=twilio-call-CA0d1c2b3a495867f8e9d0c1b2a3948576"))
                    .anySatisfy(l -> assertThat(l).contains("DELIVERED call.recording event=twilio-recording-"))
                    .noneMatch(l -> l.contains("sample webhook") && !l.endsWith(": 202"));
            // the change feed runs: the Lead a sample created reaches salesforce.people
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> peopleRecords(ports[0]) > 0);
            // the console shows this run's interactions, not the run before's: the store saw another broker and was
            // rebuilt from the topics, and the overview says so
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> console(ports[3],
                    "/console/api/outcomes?q=sample-call-0001"), body -> body.contains("\"delivered\""));
            assertThat(console(ports[3], "/console/api/outcomes?q=sample-call-0001")).doesNotContain("dead-lettered");
            assertThat(console(ports[3], "/console/api/outcomes?q=twilio-call-CA0d1c2b3a495867f8e9d0c1b2a3948576"))
                    .contains("\"delivered\"");
            assertThat(console(ports[3], "/console/api/overview")).contains("the Kafka cluster is another one");
            assertThat(console(ports[3], "/console/")).contains("The console's store was rebuilt from the")
                    .contains("the Kafka cluster is another one");
            // no login in local mode, so only this machine reaches it: the loopback address answers, no other does
            try (java.net.Socket loopback = new java.net.Socket("127.0.0.1", ports[3])) {
                assertThat(loopback.isConnected()).isTrue();
            }
            for (java.net.InetAddress other : otherAddresses()) {
                try (java.net.Socket socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress(other, ports[3]), 2000);
                    throw new AssertionError("local mode answers on " + other + ", not only on loopback");
                } catch (IOException refused) {
                    // as it should
                }
            }
            // a page on another site whose name was rebound to 127.0.0.1 (DNS rebinding) names itself in Host: refused
            try (java.net.Socket rebound = new java.net.Socket("127.0.0.1", ports[3])) {
                rebound.getOutputStream().write(("GET /console/api/overview HTTP/1.1\r\nHost: evil.example:" + ports[3]
                        + "\r\nOrigin: http://evil.example:" + ports[3] + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String status = new BufferedReader(new InputStreamReader(rebound.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                assertThat(status).as("a request for another site's name").startsWith("HTTP/1.1 403");
            }
            // this run's webhook secrets and the emulated org's credentials never reach the log
            List<String> secrets = new java.util.ArrayList<>(List.of("local-only-secret", "local-only-password"));
            for (String line : java.nio.file.Files.readAllLines(LocalWebhooks.SECRETS_FILE)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#") && !line.startsWith("TWILIO_WEBHOOK_URL") && line.length() > eq + 8) {
                    secrets.add(line.substring(eq + 1).replace("'", "").replace("\"", "").trim());
                }
            }
            assertThat(secrets).hasSizeGreaterThan(2);
            for (String secret : secrets) {
                assertThat(lines).as("the log holds a secret").noneMatch(l -> l.contains(secret));
            }
            // a start with nothing wrong warns of nothing, the change feed's too (the samples' bad events are
            // outcomes, logged at INFO); the one warning this test provokes is the rebuild of the store it seeded
            assertThat(lines).as(String.join("\n", lines)).noneMatch(LocalModeIT::unexpectedWarning);
            // and so does a stop (Ctrl-C)
            local.destroy();
            assertThat(local.waitFor(60, TimeUnit.SECONDS)).isTrue();
            output.reader().join(Duration.ofSeconds(10).toMillis());
            assertThat(lines).as(String.join("\n", lines)).noneMatch(LocalModeIT::unexpectedWarning);
        } finally {
            local.destroy();
            local.waitFor(30, TimeUnit.SECONDS);
            local.destroyForcibly();
        }
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    void aTakenPortStopsItWithOneLineNamingTheSetting() throws Exception {
        int[] ports = freePorts(4);
        try (ServerSocket taken = new ServerSocket(ports[2])) {
            Process local = start(ports[0], ports[2], ports[3]);
            List<String> lines = collect(local).lines();
            assertThat(local.waitFor(2, TimeUnit.MINUTES)).isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !lines.isEmpty());
            assertThat(local.exitValue()).isEqualTo(2);
            assertThat(lines).singleElement().asString().contains(String.valueOf(ports[2])).contains("SF_EMULATOR_PORT");
        }
    }

    /** A GET of local mode's console API (open without a login in local mode): the body, or "" until it answers. */
    private static String console(int server, String path) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + server + path)).timeout(Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "HTTP " + response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * A WARN or ERROR line, but for the store's rebuild that a seeded store of an earlier run asks for, and for
     * logback's own status line when the in-process broker (local mode's, already running) logs in the moment Spring
     * Boot resets logback to configure it: local mode's harness, not the service.
     */
    private static boolean unexpectedWarning(String line) {
        return line.matches(".*\\b(WARN|ERROR)\\b.*") && !line.contains("The console's store holds records from elsewhere")
                && !line.matches(".*\\|-WARN in Logger\\[(org\\.apache\\.kafka|kafka)\\..*No appenders present in context.*");
    }

    private static Process start(int kafka, int emulator, int server) throws IOException {
        return start(kafka, emulator, server, null);
    }

    private static Process start(int kafka, int emulator, int server, Path consoleStore) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), LocalMode.class.getName())
                .redirectErrorStream(true);
        builder.environment().put("LOCAL_KAFKA_PORT", String.valueOf(kafka));
        builder.environment().put("SF_EMULATOR_PORT", String.valueOf(emulator));
        builder.environment().put("SERVER_PORT", String.valueOf(server));
        builder.environment().remove("LOCAL_VERBOSE");
        if (consoleStore != null) {
            builder.environment().put("SWITCHBOARD_CONSOLE_DIRECTORY", consoleStore.toString());
        }
        return builder.start();
    }

    /** A process's output lines, as they come, and the thread that reads them (done once the process has ended). */
    private record Output(List<String> lines, Thread reader) {
    }

    private static Output collect(Process process) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "local-mode-output");
        reader.setDaemon(true);
        reader.start();
        return new Output(lines, reader);
    }

    /** Records on the change feed's people topic of the local broker. */
    private static long peopleRecords(int kafkaPort) {
        java.util.Properties config = new java.util.Properties();
        config.put("bootstrap.servers", "localhost:" + kafkaPort);
        // looking must not create the topic the feed creates compacted
        config.put("allow.auto.create.topics", "false");
        config.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        config.put("value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer =
                     new org.apache.kafka.clients.consumer.KafkaConsumer<>(config)) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor("salesforce.people",
                    Duration.ofSeconds(5)).stream().map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(5)).values().stream().mapToLong(Long::longValue).sum();
        } catch (RuntimeException notYet) {
            return 0;
        }
    }

    /** This machine's addresses that are not loopback (none on a machine without a network). */
    private static List<java.net.InetAddress> otherAddresses() throws IOException {
        return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                })
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress()).toList();
    }

    private static long outcomeLines(List<String> lines) {
        return lines.stream().filter(l -> l.contains("io.switchboard.outcome")).count();
    }

    /** Free ports; the Kafka port's successor (the controller's) is kept free too. */
    private static int[] freePorts(int count) throws IOException {
        while (true) {
            int[] ports = new int[count];
            try (ServerSocket a = new ServerSocket(0)) {
                ports[0] = a.getLocalPort();
            }
            ports[1] = ports[0] + 1;
            boolean ok = true;
            for (int i = 1; i < count && ok; i++) {
                if (i > 1) {
                    try (ServerSocket s = new ServerSocket(0)) {
                        ports[i] = s.getLocalPort();
                    }
                }
                try (ServerSocket probe = new ServerSocket(ports[i])) {
                    ok = probe.getLocalPort() == ports[i] && ports[i] != ports[0];
                } catch (IOException busy) {
                    ok = false;
                }
            }
            if (ok) {
                return ports;
            }
        }
    }
}
