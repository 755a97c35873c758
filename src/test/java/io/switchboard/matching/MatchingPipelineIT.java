package io.switchboard.matching;

import static io.switchboard.matching.MatcherCalls.uniqueUsDigits;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.emulator.Org;
import io.switchboard.salesforce.SalesforceGateway;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Matching through the whole service (Kafka in, Salesforce written, outcome out) with the rules of
 * config/rules.yaml (call types: email, then phone; Contact, then Lead; unmatched callers become Leads).
 */
class MatchingPipelineIT extends EndToEndTest {

    @Autowired
    SalesforceGateway salesforce;
    @Autowired
    MatchCache cache;

    private final Org org = bed.salesforce().org();

    @BeforeEach
    void startCold() {
        cache.clear();
    }

    @AfterEach
    void searchIndexCatchesUpAgain() {
        org.setSearchIndexDelay(Duration.ZERO);
    }

    @Test
    void whileTheSearchIndexLagsByMinutesARepeatCallerIsStillFoundAndNoDuplicateIsCreated() {
        org.setSearchIndexDelay(Duration.ofMinutes(10));
        String d = uniqueUsDigits();
        String first = unique("lag-1");
        publish(TestBed.CALLS, "+1" + d, event(first, "call.inbound", Map.of("call", Map.of("fromNumber", "+1" + d))));
        JsonNode created = awaitOutcome(first);
        assertThat(created.path("decision").asText()).isEqualTo("delivered");
        String leadId = created.path("records").get(0).path("id").asText();

        // the search does not see the new Lead: only an exact query can
        assertThat(salesforce.readAll(java.util.List.of(io.switchboard.salesforce.Read.search("FIND {" + d + "} IN PHONE FIELDS RETURNING Lead(Id)"))).get(0)).isEmpty();

        String second = unique("lag-2");
        publish(TestBed.CALLS, "+1" + d, event(second, "call.missed",
                Map.of("call", Map.of("fromNumber", "(" + d.substring(0, 3) + ") " + d.substring(3, 6) + "-" + d.substring(6)))));
        JsonNode repeat = awaitOutcome(second);
        assertThat(repeat.path("matched").path("id").asText()).isEqualTo(leadId);
        assertThat(repeat.path("matched").path("by").asText()).isEqualTo("phone");
        assertThat(repeat.path("records").size()).isZero();
        assertThat(query("SELECT Id FROM Lead WHERE Phone = '+1" + d + "'")).hasSize(1);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + leadId + "'")).hasSize(2);
    }

    @Test
    void whileTheSearchIndexLagsARecordAUserJustTypedInTheNationalFormatIsFound() {
        org.setSearchIndexDelay(Duration.ofMinutes(10));
        String d = uniqueUsDigits();
        String contactId = org.insert("Contact", Map.of("LastName", unique("Typed"),
                "MobilePhone", "(" + d.substring(0, 3) + ") " + d.substring(3, 6) + "-" + d.substring(6)));
        assertThat(salesforce.readAll(java.util.List.of(io.switchboard.salesforce.Read.search("FIND {" + d + "} IN PHONE FIELDS RETURNING Contact(Id)"))).get(0)).isEmpty();

        String id = unique("typed");
        publish(TestBed.CALLS, "+1" + d, event(id, "call.inbound", Map.of("call", Map.of("fromNumber", "+1" + d))));
        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("matched").path("id").asText()).isEqualTo(contactId);
        assertThat(outcome.path("records").size()).isZero();
    }

    @Test
    void aBurstOfOneNewPersonsEventsCreatesOneLeadAndEveryTaskPointsAtIt() {
        org.setSearchIndexDelay(Duration.ofMinutes(10));
        String email = unique("burst") + "@example.com";
        String d = uniqueUsDigits();
        List<String> phones = List.of("+1" + d, "(" + d.substring(0, 3) + ") " + d.substring(3, 6) + "-" + d.substring(6),
                d.substring(0, 3) + "." + d.substring(3, 6) + "." + d.substring(6), "+1 " + d + " ext. 9");
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < 6; n++) {
            String id = unique("burst-" + n);
            ids.add(id);
            Map<String, Object> person = n % 2 == 0
                    ? Map.of("email", n == 0 ? email : email.toUpperCase(), "phone", phones.get(n % phones.size()))
                    : Map.of("email", " " + email + " ");
            publish(TestBed.CALLS, email, event(id, "call.inbound", Map.of("person", person)));
        }
        List<JsonNode> outcomes = ids.stream().map(this::awaitOutcome).toList();

        List<Map<String, Object>> leads = query("SELECT Id FROM Lead WHERE Email = '" + email + "'");
        assertThat(leads).hasSize(1);
        String leadId = String.valueOf(leads.get(0).get("Id"));
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.path("decision").asText()).isEqualTo("delivered");
            assertThat(query("SELECT WhoId FROM Task WHERE Id = '" + o.path("activity").path("id").asText() + "'"))
                    .singleElement().satisfies(t -> assertThat(t).containsEntry("WhoId", leadId));
        });
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + leadId + "'")).hasSize(6);
    }

    @Test
    void theOutcomeNamesTheRecordWhyAndWhatMatchingCost() {
        String email = unique("why") + "@example.com";
        String contactId = org.insert("Contact", Map.of("LastName", "Why", "Email", email));
        String id = unique("why");
        publish(TestBed.CONVERSATIONS, email, event(id, "conversation.updated",
                Map.of("person", Map.of("email", email.toUpperCase(), "phone", "not a number"))));

        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.path("matched").path("id").asText()).isEqualTo(contactId);
        assertThat(outcome.path("matched").path("by").asText()).isEqualTo("email");
        List<String> notes = new ArrayList<>();
        outcome.path("notes").forEach(n -> notes.add(n.asText()));
        assertThat(notes).contains("matching: Contact " + contactId + " by email")
                .anyMatch(n -> n.matches("matching: [1-9]\\d* Salesforce requests? for a batch of \\d+ events?"));
    }

    @Test
    void anEventWithOnlyInvalidValuesIsDecidedByItsRuleAndNeverStallsThePartition() {
        String id = unique("junk");
        publish(TestBed.CALLS, "junk", event(id, "sms.outbound", Map.of("person",
                Map.of("email", "x' OR Email != '", "phone", "{*} OR \\"))));
        String after = unique("after-junk");
        String email = unique("after") + "@example.com";
        publish(TestBed.CALLS, "junk", event(after, "call.inbound", Map.of("person", Map.of("email", email))));

        JsonNode junk = awaitOutcome(id);
        assertThat(junk.path("matched").isMissingNode()).isTrue();
        assertThat(junk.path("notes").toString()).contains("ignored person.email").contains("ignored person.phone")
                .contains("nothing to match on");
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> "delivered".equals(awaitOutcome(after).path("decision").asText()));
    }
}
