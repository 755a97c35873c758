package io.switchboard.faults;

import io.switchboard.SwitchboardApplication;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The service as a user runs it: its own JVM ({@code java -cp ... io.switchboard.SwitchboardApplication --key=value
 * ...}), started in the project folder so that it reads config/application.yaml and routes/ as a deployment does,
 * its output in a log file. {@link #kill()} is {@code kill -9} (Process.destroyForcibly is SIGKILL on Linux).
 */
final class ServiceProcess implements AutoCloseable {

    static final String OPERATOR_PASSWORD = "faults-operator-password";

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceProcess(String name, Process process, Path log, int port) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts one instance. {@code settings} become {@code --key=value} arguments, which outrank
     * config/application.yaml (whose defaults point at real Salesforce).
     */
    static ServiceProcess start(String name, Map<String, String> settings, Path logDir) {
        return start(name, settings, logDir, List.of("-cp", classpath(), SwitchboardApplication.class.getName()));
    }

    /**
     * Starts one instance from the packaged jar, as the Dockerfile runs it ({@code java -jar switchboard.jar}, in
     * the folder holding config/ and routes/), with the same settings as {@link #start(String, Map, Path)}.
     */
    static ServiceProcess startJar(String name, Path jar, Map<String, String> settings, Path logDir) {
        return start(name, settings, logDir, List.of("-jar", jar.toAbsolutePath().toString()));
    }

    private static ServiceProcess start(String name, Map<String, String> settings, Path logDir, List<String> launch) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:+UseSerialGC");
        // a short-lived test JVM on shared cores: C1 only starts faster and spends less CPU
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+ExitOnOutOfMemoryError");
        // the emulated org's Pub/Sub API speaks TLS with a test certificate this JVM's trust store holds
        // (emulator/pubsub/README.md); the child trusts it the same way
        for (String property : List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword",
                "javax.net.ssl.trustStoreType")) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.addAll(launch);
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        command.add("--server.port=" + port);
        command.add("--switchboard.management.operators.operator.password={bcrypt}"
                + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4).encode(OPERATOR_PASSWORD));
        command.add("--switchboard.management.operators.operator.role=admin");
        // tells the instances apart among the consumer group's members
        command.add("--camel.component.kafka.client-id=" + name);
        // each instance its own console store, beside its log
        command.add("--switchboard.console.directory=" + logDir.resolve(name + "-console").toAbsolutePath());
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            Process process = new ProcessBuilder(command)
                    .directory(Path.of("").toAbsolutePath().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            // should the test JVM end first (a cancelled build), the service must not outlive it
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, name + "-reaper"));
            return new ServiceProcess(name, process, log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the service JVM " + name, e);
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9: no shutdown hook, no last commit, no flush. Returns once the process is gone. */
    void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** The service's health as its operators read it (with the operator login, so with details), or null. */
    String health() {
        try {
            String login = Base64.getEncoder().encodeToString(("operator:" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                    .header("Authorization", "Basic " + login).timeout(Duration.ofSeconds(3)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** An HTTP GET of the service with the operator login: the body, or null if it does not answer with 200. */
    String getAsOperator(String path) {
        try {
            String login = Base64.getEncoder().encodeToString(("operator:" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Basic " + login).timeout(Duration.ofSeconds(5)).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** An HTTP GET of the service without a login (as a probe sends it): status and body, or null. */
    HttpResponse<String> getWithoutLogin(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(3)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The last lines of the log, for a failure message. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            // SIGTERM: Spring closes the context, Camel stops its consumers
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        waitForExit();
    }

    private void waitForExit() {
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", port " + port + ", log " + log + ")";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The test classpath. Surefire may start the test JVM from a manifest-only jar, whose manifest's Class-Path names
     * the real entries (as file URLs, relative to the jar); such a jar is replaced by what it names.
     */
    static String classpath() {
        return classpath(System.getProperty("java.class.path"));
    }

    static String classpath(String javaClassPath) {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : javaClassPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            List<String> named = manifestClassPath(Path.of(entry));
            if (named.isEmpty()) {
                entries.add(entry);
            } else {
                entries.addAll(named);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static List<String> manifestClassPath(Path entry) {
        if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return List.of();
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            // a manifest-only jar holds nothing but its manifest; an ordinary jar may name a Class-Path too
            if (classPath == null || jar.stream().anyMatch(e -> e.getName().endsWith(".class"))) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (String item : classPath.trim().split("\\s+")) {
                URI uri = entry.toUri().resolve(item);
                out.add(Paths.get(uri).toString());
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
    }
}
