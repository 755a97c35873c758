package io.switchboard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The shipped vendor mappings (config/vendors) as the tests see them: as committed (from git), copied to a folder
 * of their own, so that a user's edit of a mapping cannot break the build (as with the rules, {@link TestRules});
 * outside a git checkout, or before they were ever committed, the files as they are.
 */
public final class TestVendors {

    public static final String SHIPPED = "config/vendors";

    private static Path copy;

    private TestVendors() {
    }

    /** The folder of the tests' copy, written once per test JVM. */
    public static synchronized Path folder() {
        if (copy == null) {
            copy = writeCopy();
        }
        return copy;
    }

    private static Path writeCopy() {
        try {
            Path folder = Files.createTempDirectory("switchboard-test-vendors-");
            folder.toFile().deleteOnExit();
            List<String> committed = git("ls-tree", "--name-only", "HEAD", SHIPPED + "/").lines()
                    .filter(f -> f.endsWith(".yaml")).toList();
            if (!committed.isEmpty()) {
                for (String file : committed) {
                    write(folder, Path.of(file).getFileName().toString(), git("show", "HEAD:" + file));
                }
            } else {
                try (Stream<Path> files = Files.list(Path.of(SHIPPED))) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                        write(folder, file.getFileName().toString(), Files.readString(file));
                    }
                }
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path folder, String name, String text) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        file.toFile().deleteOnExit();
    }

    /** git's output, or nothing where there is no git or no such revision. */
    private static String git(String... args) {
        try {
            String[] command = new String[args.length + 1];
            command[0] = "git";
            System.arraycopy(args, 0, command, 1, args.length);
            Process git = new ProcessBuilder(command).redirectErrorStream(false).start();
            byte[] out = git.getInputStream().readAllBytes();
            if (git.waitFor(20, TimeUnit.SECONDS) && git.exitValue() == 0) {
                return new String(out, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            // no git here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }
}
