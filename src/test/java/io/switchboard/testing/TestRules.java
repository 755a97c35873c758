package io.switchboard.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The shipped rules as the tests see them, and the tests' rules file: the shipped config/rules.yaml with the
 * test-only types of rules/test-types.yaml. The shipped rules are read as committed (from git), so a user who edits
 * config/rules.yaml as the README invites cannot break the build; outside a git checkout, the file as it is.
 */
public final class TestRules {

    public static final String SHIPPED = "config/rules.yaml";

    private TestRules() {
    }

    /** config/rules.yaml as committed at HEAD, or as it is where there is no git checkout. */
    public static String shipped() {
        try {
            Process git = new ProcessBuilder("git", "show", "HEAD:" + SHIPPED).redirectErrorStream(false).start();
            byte[] out = git.getInputStream().readAllBytes();
            if (git.waitFor(20, TimeUnit.SECONDS) && git.exitValue() == 0 && out.length > 0) {
                return new String(out, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            // no git here: the working copy is all there is
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return Files.readString(Path.of(SHIPPED));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path writeCopy() {
        try {
            YAMLMapper yaml = new YAMLMapper();
            ObjectNode shipped = (ObjectNode) yaml.readTree(shipped());
            ObjectNode extra = (ObjectNode) yaml.readTree(Path.of("src/test/resources/rules/test-types.yaml").toFile());
            ((ObjectNode) shipped.get("types")).setAll((ObjectNode) extra.get("types"));
            Path copy = Files.createTempFile("switchboard-test-rules-", ".yaml");
            copy.toFile().deleteOnExit();
            yaml.writeValue(copy.toFile(), shipped);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
