package io.switchboard.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the tests' rules file: the shipped config/rules.yaml with the test-only types of rules/test-types.yaml. */
public final class TestRules {

    private TestRules() {
    }

    public static Path writeCopy() {
        try {
            YAMLMapper yaml = new YAMLMapper();
            ObjectNode shipped = (ObjectNode) yaml.readTree(Path.of("config/rules.yaml").toFile());
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
