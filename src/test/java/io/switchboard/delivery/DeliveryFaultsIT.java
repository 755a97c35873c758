package io.switchboard.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Under each injected Salesforce fault every event ends delivered exactly once, none dead-lettered. */
class DeliveryFaultsIT extends EndToEndTest {

    @AfterEach
    void heal() {
        bed.salesforce().faults().clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SERVER_UNAVAILABLE", "UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED"})
    void transientFaultsAreRetriedUntilDeliveredOnce(String errorCode) {
        String email = unique("fault") + "@example.com";
        String id = unique("evt");
        bed.salesforce().faults().failNext(3, errorCode);
        publish(TestBed.CALLS, email, event(id, "call.inbound", Map.of("person", Map.of("email", email, "lastName", "F"))));
        assertDeliveredOnce(id, email);
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.switchboard.flow.ConsumerPause pause;

    @Test
    void aLongerOutagePausesConsumingAndTheEventIsDeliveredOnceAfterwards() {
        String email = unique("outage") + "@example.com";
        String id = unique("evt");
        bed.salesforce().faults().failNext(12, "SERVER_UNAVAILABLE");
        publish(TestBed.CALLS, email, event(id, "call.inbound", Map.of("person", Map.of("email", email, "lastName", "O"))));
        assertDeliveredOnce(id, email);
        assertThat(pause.getLastCause()).contains("SERVER_UNAVAILABLE");
    }

    @Test
    void anExpiredSessionIsRenewedWithoutLosingTheEvent() {
        String email = unique("session") + "@example.com";
        String id = unique("evt");
        bed.salesforce().faults().expireSessions();
        publish(TestBed.CALLS, email, event(id, "call.inbound", Map.of("person", Map.of("email", email, "lastName", "S"))));
        assertDeliveredOnce(id, email);
    }

    private void assertDeliveredOnce(String id, String email) {
        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("decision").asText()).isEqualTo("delivered");
        assertThat(outcomesOf(id)).hasSize(1);
        List<Map<String, Object>> leads = query("SELECT Id FROM Lead WHERE Email = '" + email + "'");
        assertThat(leads).hasSize(1);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + leads.get(0).get("Id") + "'")).hasSize(1);
        assertThat(bed.topics().all(TestBed.DLQ, r -> email.equals(r.key()))).isEmpty();
    }
}
