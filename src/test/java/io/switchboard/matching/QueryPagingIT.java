package io.switchboard.matching;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real org may answer a query in pages shorter than asked for (long text fields, its own judgement), saying
 * {@code done: false}. The emulator is set to small, uneven pages: every record of every page must count, or a
 * known caller would be taken for a new one and created twice.
 */
class QueryPagingIT extends EndToEndTest {

    @AfterEach
    void normalPages() {
        bed.salesforce().org().setPageSizes(List.of());
    }

    @Test
    void knownCallersOnLaterPagesAreMatchedNotCreatedAgain() {
        List<String> emails = new ArrayList<>();
        List<String> leads = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            String email = unique("paged" + n) + "@example.com";
            emails.add(email);
            leads.add(bed.salesforce().org().insert("Lead", Map.of("LastName", "Paged " + n, "Company", "Pages Inc",
                    "Email", email)));
        }
        bed.salesforce().org().setPageSizes(List.of(2, 1, 3));
        List<String> ids = new ArrayList<>();
        for (String email : emails) {
            String id = unique("evt");
            ids.add(id);
            publish(TestBed.CALLS, email, event(id, "call.inbound", Map.of("person", Map.of("email", email, "lastName", "X"))));
        }
        for (int n = 0; n < ids.size(); n++) {
            JsonNode outcome = awaitOutcome(ids.get(n));
            assertThat(outcome.path("decision").asText()).isEqualTo("delivered");
            assertThat(outcome.path("matched").path("id").asText()).as("event %d", n).isEqualTo(leads.get(n));
            assertThat(query("SELECT Id FROM Lead WHERE Email = '" + emails.get(n) + "'")).hasSize(1);
        }
    }
}
