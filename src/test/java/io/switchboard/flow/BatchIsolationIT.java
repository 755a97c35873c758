package io.switchboard.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A record whose requests Salesforce fails with a 500 every time (UNKNOWN_EXCEPTION: it looks like an outage, but
 * follows the record) while Salesforce answers everything else: the batch is split until that record is found and
 * dead-lettered, the others are delivered, and consuming never pauses for it.
 */
class BatchIsolationIT extends EndToEndTest {

    @Autowired
    ConsumerPause pause;

    @AfterEach
    void clearFaults() {
        bed.salesforce().faults().clear();
    }

    @Test
    void theRecordAtFaultIsDeadLetteredAndTheRestOfItsBatchDelivered() {
        String marker = "Poison" + unique("x").replace("-", "");
        bed.salesforce().faults().failRequestsContaining(marker);
        List<String> good = new ArrayList<>();
        String poisoned = unique("evt");
        for (int n = 0; n < 6; n++) {
            String email = unique("isolate" + n) + "@example.com";
            String id = n == 3 ? poisoned : unique("evt");
            if (n != 3) {
                good.add(id);
            }
            publish(TestBed.CALLS, email, event(id, "call.inbound",
                    Map.of("person", Map.of("email", email, "lastName", n == 3 ? marker : "Fine"))));
        }
        JsonNode dead = awaitOutcome(poisoned);
        assertThat(dead.path("decision").asText()).isEqualTo("dead-lettered");
        assertThat(dead.path("errors").get(0).path("code").asText()).isEqualTo("UNKNOWN_EXCEPTION");
        assertThat(dead.path("reason").asText()).contains("Salesforce answers other requests");
        for (String id : good) {
            assertThat(awaitOutcome(id).path("decision").asText()).as(id).isEqualTo("delivered");
        }
        assertThat(query("SELECT Id FROM Lead WHERE LastName = '" + marker + "'")).isEmpty();
        assertThat(pause.isPaused()).isFalse();

        String after = unique("evt");
        String email = unique("after") + "@example.com";
        publish(TestBed.CALLS, email, event(after, "call.inbound", Map.of("person", Map.of("email", email, "lastName", "After"))));
        assertThat(awaitOutcome(after).path("decision").asText()).isEqualTo("delivered");
    }

    /**
     * Alone in its batch, a record has no siblings to show that the failure follows it: it is dead-lettered once
     * it was the suspect of three searches in a row while Salesforce answered (consuming pauses between them).
     */
    @Test
    void aRecordAloneInItsBatchIsDeadLetteredAfterThreeSearchesNotRetriedForever() {
        String marker = "Poison" + unique("y").replace("-", "");
        bed.salesforce().faults().failRequestsContaining(marker);
        String email = unique("alone") + "@example.com";
        String id = unique("evt");
        publish(TestBed.CALLS, email, event(id, "call.inbound", Map.of("person", Map.of("email", email, "lastName", marker))));
        JsonNode dead = awaitOutcome(id);
        assertThat(dead.path("decision").asText()).isEqualTo("dead-lettered");
        assertThat(dead.path("reason").asText()).contains("3 searches in a row");
        assertThat(outcomesOf(id)).hasSize(1);
    }
}
