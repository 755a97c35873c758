package io.switchboard.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The budget guard stops before the org's daily limit, holds events back without losing them, and resumes. */
class ApiBudgetIT extends EndToEndTest {

    @Autowired
    ApiBudget budget;

    @AfterEach
    void refillTheBudget() {
        bed.salesforce().setDailyApiLimit(100_000);
        bed.salesforce().setApiRequests(0);
    }

    @Test
    void stopsBeforeTheLimitAndResumesWhenUsageFalls() {
        bed.salesforce().setDailyApiLimit(1_000);
        bed.salesforce().setApiRequests(955);
        String email = unique("budget") + "@example.com";
        String id = unique("evt");
        publish(TestBed.CALLS, email, event(id, "call.inbound", Map.of("person", Map.of("email", email, "lastName", "B"))));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> budget.state() == ApiBudget.State.STOPPED);
        long usedWhileStopped = bed.salesforce().apiRequests();
        assertThat(usedWhileStopped).isLessThan(1_000);
        assertThat(outcomesOf(id)).isEmpty();
        assertThat(bed.topics().all(TestBed.DLQ, r -> email.equals(r.key()))).isEmpty();

        bed.salesforce().setApiRequests(10);
        assertThat(awaitOutcome(id).path("decision").asText()).isEqualTo("delivered");
        assertThat(budget.state()).isEqualTo(ApiBudget.State.NORMAL);
        assertThat(query("SELECT Id FROM Lead WHERE Email = '" + email + "'")).hasSize(1);
    }
}
