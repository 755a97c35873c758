package io.switchboard.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An event a rule skips writes nothing and still gets an outcome that says which filter skipped it. */
class RuleSkipIT extends EndToEndTest {

    @Test
    void spamCallIsSkippedWithTheFilterNamedAndNothingWritten() {
        String id = unique("evt");
        String phone = "+1 202-555-0199";
        publish(TestBed.CALLS, phone, event(id, "call.inbound", Map.of(
                "person", Map.of("phone", phone), "category", "Spam")));

        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("decision").asText()).isEqualTo("skipped-by-rule");
        assertThat(outcome.path("reason").asText()).contains("category in").contains("spam");
        assertThat(outcome.path("records").size()).isZero();
        assertThat(outcome.has("activity")).isFalse();
        assertThat(query("SELECT Id FROM Task WHERE Switchboard_Event_Id__c = '" + id + "'")).isEmpty();
    }
}
