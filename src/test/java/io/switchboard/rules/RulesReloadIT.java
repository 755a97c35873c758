package io.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Editing the rules file while the service runs: a valid edit takes over, an invalid one is refused. */
class RulesReloadIT extends EndToEndTest {

    @Autowired
    ActiveRules active;

    @Autowired
    RulesReloader reloader;

    private String original;
    private String originalSubject;

    @BeforeEach
    void keepTheFile() throws IOException {
        original = Files.readString(bed.rules());
        originalSubject = subject();
    }

    @AfterEach
    void restoreTheFile() throws IOException {
        Files.writeString(bed.rules(), original);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> subject().equals(originalSubject));
    }

    private String edited(java.util.function.Consumer<ObjectNode> change) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode rules = (ObjectNode) yaml.readTree(original);
        change.accept(rules);
        return yaml.writeValueAsString(rules);
    }

    private String subject() {
        return active.get().forType("call.inbound").orElseThrow().activity().subject().source();
    }

    @Test
    void aValidEditIsUsedWithoutARestartAndAnInvalidOneIsRefused() throws IOException {
        Files.writeString(bed.rules(), edited(rules -> rules.with("types").with("call.inbound").with("activity")
                .put("subject", "Reloaded call from {person.name|'someone'}")));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> subject().startsWith("Reloaded"));

        String id = unique("evt");
        publish(TestBed.CALLS, id, event(id, "call.inbound", Map.of("person",
                Map.of("email", unique("reload") + "@example.com", "name", "Rita Load"))));
        JsonNode outcome = awaitOutcome(id);
        assertThat(query("SELECT Subject FROM Task WHERE Id = '" + outcome.path("activity").path("id").asText() + "'")
                .get(0)).containsEntry("Subject", "Reloaded call from Rita Load");

        String before = subject();
        String acceptedBefore = reloader.getLastSuccessfulReload();
        Files.writeString(bed.rules(), edited(rules -> rules.with("defaults").with("activity").put("status", "Finished")));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> reloader.getLastProblems().length > 0);
        // a refused edit moves LastReload, never LastSuccessfulReload
        assertThat(reloader.getLastSuccessfulReload()).isEqualTo(acceptedBefore);
        assertThat(reloader.getLastProblems()).anySatisfy(p -> assertThat(p).contains("'Finished' is not a Task status"));
        assertThat(subject()).isEqualTo(before);
    }
}
