package io.switchboard.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.SwitchboardApplication;
import io.switchboard.outcome.OutcomeCounters;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances in one consumer group share the partitions; every event's effects reach Salesforce once and nobody
 * is created twice, even when one person's events arrive under different Kafka keys (on different partitions).
 */
class TwoInstancesIT extends EndToEndTest {

    @Autowired
    OutcomeCounters first;

    @Test
    void twoInstancesSharePartitionsAndDeliverEveryEventOnce() {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.jmx.default-domain=second",
                "--camel.main.name=switchboard-second", "--spring.application.name=switchboard-second"));
        bed.properties().forEach((key, value) -> arguments.add("--" + key + "=" + value));
        long firstBefore = first.getDelivered();
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(SwitchboardApplication.class)
                .run(arguments.toArray(String[]::new))) {
            OutcomeCounters secondCounters = second.getBean(OutcomeCounters.class);
            // Publish until the group has settled with partitions on both instances, then check every event.
            List<String> emails = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (int n = 0; n < 6; n++) {
                    String email = unique("two") + "@example.com";
                    emails.add(email);
                    for (int k = 0; k < 2; k++) {
                        String id = unique("evt");
                        ids.add(id);
                        // one person under two Kafka keys: possibly two partitions, two instances creating at once;
                        // the unique person key makes the second create collide and match the first
                        publish(TestBed.CALLS, k == 0 ? email : "other-key-" + email, event(id, "call.inbound",
                                Map.of("person", Map.of("email", email, "lastName", "Two"))));
                    }
                }
                return secondCounters.getDelivered() > 0 && first.getDelivered() > firstBefore;
            });
            ids.forEach(this::awaitOutcome);
            // A record whose partition moved while its batch was in flight is read again by its new owner: its outcome
            // may appear twice, its effects in Salesforce never do.
            for (String id : ids) {
                assertThat(outcomesOf(id)).as(id).isNotEmpty()
                        .allSatisfy(o -> assertThat(o.path("decision").asText()).isEqualTo("delivered"));
            }
            for (String email : emails) {
                List<Map<String, Object>> leads = query("SELECT Id FROM Lead WHERE Email = '" + email + "'");
                assertThat(leads).as(email).hasSize(1);
                assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + leads.get(0).get("Id") + "'")).hasSize(2);
            }
        }
    }
}
