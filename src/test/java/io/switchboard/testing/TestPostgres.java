package io.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real, throwaway PostgreSQL server for the whole test JVM, like the shared broker: Debian's server binaries
 * ({@code /usr/lib/postgresql/<version>/bin}, installed by the test command: scripts/test-tools), a cluster made by initdb in a temporary
 * folder, started by pg_ctl on a free port of 127.0.0.1, stopped when the JVM ends. As root (CI) the server runs as
 * the {@code postgres} user, in a folder it owns: initdb refuses root. Each test takes a database of its own.
 */
public final class TestPostgres {

    public static final String USER = "switchboard";
    public static final String PASSWORD = "test-store-password";

    private static TestPostgres instance;

    private final Path bin;
    private final Path folder;
    private final Path data;
    private final int port;
    private final boolean asPostgres;
    private final AtomicInteger databases = new AtomicInteger();
    /** Held for the JVM's life: its standard input open is what keeps the server running. */
    @SuppressWarnings("unused")
    private final Process watchdog;

    private TestPostgres(Path bin) {
        this.bin = bin;
        this.asPostgres = "root".equals(System.getProperty("user.name"));
        this.port = freePort();
        try {
            folder = Files.createTempDirectory("switchboard-postgres-");
            data = folder.resolve("data");
            Path passwordFile = folder.resolve("password");
            Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
            if (asPostgres) {
                run(List.of("chown", "-R", "postgres:postgres", folder.toString()), false);
            }
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + passwordFile,
                    "--auth=scram-sha-256", "-E", "UTF8", "--no-sync", "--locale=C"), asPostgres);
            // a test server: no durability to pay for on the shared cores
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", folder.resolve("server.log").toString(),
                    "-w", "-t", "120", "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories="
                            + folder + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                            + " -c max_connections=200", "start"), asPostgres);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the test PostgreSQL's folder", e);
        }
        watchdog = stopWhenThisJvmEnds();
    }

    /**
     * A process that stops the server (and deletes its folder) once this JVM is gone, however it goes: it waits
     * for the end of its standard input, which only this JVM holds open, so a test JVM that is killed (a build
     * cancelled, surefire's exit timeout) leaves no server behind. The server outlives every Spring context of the
     * JVM, since they close before the JVM exits.
     */
    private Process stopWhenThisJvmEnds() {
        String stop = "cat > /dev/null; " + bin.resolve("pg_ctl") + " -D " + data + " -m immediate -w stop; rm -rf " + folder;
        List<String> command = new ArrayList<>();
        if (asPostgres) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of("sh", "-c", stop));
        try {
            return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("the test PostgreSQL: cannot start the process that stops it", e);
        }
    }

    /** The server, started on first use. */
    public static synchronized TestPostgres get() {
        if (instance == null) {
            instance = new TestPostgres(binaries());
        }
        return instance;
    }

    /** A new, empty database on the server: its JDBC URL. */
    public String newDatabase(String prefix) {
        String name = (prefix + "_" + databases.incrementAndGet()).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD)) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the test database " + name, e);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The newest installed server's bin folder, or a failure that says how to install one. */
    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(TestPostgres::version));
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (IOException e) {
                // reported below
            }
        }
        throw new IllegalStateException("PostgreSQL's server (initdb, pg_ctl under /usr/lib/postgresql/<version>/bin) "
                + "is not installed: ./mvnw verify installs it before the integration tests (scripts/test-tools, Debian's postgresql package)");
    }

    private static int version(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void run(List<String> command, boolean asPostgres) {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(3, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("the test PostgreSQL: " + String.join(" ", full) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the test PostgreSQL: cannot run " + full.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
