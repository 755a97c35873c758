package io.switchboard.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.dryrun.DryRun;
import io.switchboard.model.Resolution;
import io.switchboard.model.rule.NewPerson;
import io.switchboard.rules.Rules;
import io.switchboard.rules.RulesLoader;
import io.switchboard.rules.RulesValidator;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The review queue through the whole service: held interactions write nothing and wait on the queue topic; each
 * decision (a candidate, a new Lead, a skip, a re-match) is delivered once, as if it had matched; the queue lives
 * in Kafka; the JSON API asks for a login and a CSRF token; JMX and the dry run show it too.
 */
class ReviewQueueIT extends EndToEndTest {

    private static final KafkaProducer<String, byte[]> producer = producer();

    @Autowired
    ReviewService review;
    @Autowired
    ReviewQueue queue;
    @Autowired
    DryRun dryRun;
    @Autowired
    RulesValidator validator;
    @Autowired
    ReviewOperations jmx;
    @Autowired
    Rematch rematch;
    @LocalServerPort
    int port;
    @Autowired
    io.switchboard.signing.HeaderSignatures signatures;
    @Autowired
    io.switchboard.console.store.DeadLetterQueries deadLetters;
    @Autowired
    io.switchboard.console.ConsoleOperations console;

    @org.junit.jupiter.api.AfterEach
    void clearFaults() {
        bed.salesforce().faults().clear();
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void anAmbiguousCallIsHeldWithBothCandidatesAndWritesNothingThenDeliveredOnceToTheChosenOne() {
        String number = "+1" + uniqueUsDigits();
        String first = org().insert("Contact", Map.of("LastName", unique("Front Desk"), "Phone", number));
        String second = org().insert("Contact", Map.of("LastName", unique("Reception"), "Phone", number));
        String id = unique("shared-line");
        Map<String, Object> call = event(id, "test.shared-line", Map.of("call", Map.of("fromNumber", number,
                "durationSeconds", 42)));
        publish(TestBed.CALLS, number, call);

        JsonNode held = awaitDecision(id, "held-for-review");
        assertThat(held.path("reason").asText()).contains("2 Contact records match by phone").contains("review");
        assertThat(held.path("candidates").findValuesAsText("id")).containsExactlyInAnyOrder(first, second);
        assertThat(held.path("candidates").get(0).path("why").asText()).isEqualTo("phone " + number);
        assertThat(held.path("candidates").findValuesAsText("name")).allMatch(n -> n.startsWith("Front Desk")
                || n.startsWith("Reception"));
        assertThat(held.path("candidates").get(0).path("url").asText()).contains("/lightning/r/Contact/");
        assertThat(held.has("matched")).isFalse();
        assertThat(held.path("records").size()).isZero();
        assertThat(tasksOf(first)).isZero();
        assertThat(tasksOf(second)).isZero();
        assertThat(query("SELECT Id FROM Lead WHERE Phone = '" + number + "'")).isEmpty();
        ReviewItem item = awaitWaiting(id);
        assertThat(item.candidates()).hasSize(2);
        assertThat(item.origin().topic()).isEqualTo(TestBed.CALLS);

        ActionResult chosen = review.deliverTo(id, second, "ann", "the caller asked for reception");
        assertThat(chosen.status()).isEqualTo(ActionResult.Status.ACCEPTED);
        JsonNode delivered = awaitDecision(id, "delivered");
        assertThat(delivered.path("matched").path("id").asText()).isEqualTo(second);
        assertThat(delivered.path("matched").path("by").asText()).isEqualTo("review");
        assertThat(delivered.path("review").path("by").asText()).isEqualTo("ann");
        assertThat(delivered.path("activity").path("action").asText()).isEqualTo("created");
        assertThat(tasksOf(second)).isEqualTo(1);
        assertThat(tasksOf(first)).isZero();
        awaitGone(id);

        // deciding again is refused, and replaying the decided record changes nothing twice
        assertThat(review.deliverTo(id, first, "bob", null).accepted()).isFalse();
        send(TestBed.CALLS, number, toJson(call), Resolution.deliverTo(second, "ann", null));
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> decisions(id).stream().filter("delivered"::equals).count() == 2);
        assertThat(tasksOf(second)).isEqualTo(1);
        assertThat(tasksOf(first)).isZero();
        assertThat(review.audit(id, 10)).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("ann");
            assertThat(e.action()).isEqualTo("deliver");
            assertThat(e.result()).isEqualTo("accepted");
            assertThat(e.detail()).contains(second);
            assertThat(e.at()).isNotNull();
        });
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> review.audit(id, 10).stream()
                .anyMatch(e -> e.actor().equals("bob") && e.result().equals("not_found")));
    }

    @Test
    void aChosenRecordThatIsGoneByThenHoldsTheInteractionAgainToChooseAnew() {
        String number = "+1" + uniqueUsDigits();
        String stays = org().insert("Contact", Map.of("LastName", unique("Stays"), "Phone", number));
        String goes = org().insert("Contact", Map.of("LastName", unique("Goes"), "Phone", number));
        String id = unique("gone");
        publish(TestBed.CALLS, number, event(id, "test.shared-line", Map.of("call", Map.of("fromNumber", number))));
        awaitDecision(id, "held-for-review");
        awaitWaiting(id);
        org().remove("Contact", goes);

        assertThat(review.deliverTo(id, goes, "ann", null).accepted()).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> decisions(id).stream().filter("held-for-review"::equals).count() == 2);
        ReviewItem again = awaitWaiting(id);
        assertThat(again.reason()).contains("The record " + goes + " chosen in review by ann is not there any more");
        assertThat(again.candidates()).extracting(c -> c.id()).as("the others are still there to choose")
                .containsExactly(stays);
        assertThat(tasksOf(stays)).isZero();

        assertThat(review.deliverTo(id, stays, "ann", null).accepted()).isTrue();
        awaitDecision(id, "delivered");
        assertThat(tasksOf(stays)).isEqualTo(1);
        awaitGone(id);
    }

    @Test
    void aResolutionHeaderThatCannotBeFollowedIsADeadLetterNotAGuess() {
        String email = unique("forged") + "@example.com";
        String id = unique("forged");
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TestBed.WEB, email,
                toJson(event(id, "test.review-nobody", Map.of("person", Map.of("email", email)))));
        String unreadable = "{\"action\":\"DELIVER\",\"recordId\":\"x' OR Id != '\"}";
        record.headers().add(Resolution.HEADER, unreadable.getBytes(StandardCharsets.UTF_8));
        // signed as the service signs: a decision of the service that this version cannot follow
        record.headers().add(Resolution.SIGNATURE_HEADER, signatures.sign(Resolution.HEADER, unreadable, record.value())
                .getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        JsonNode dead = awaitDecision(id, "dead-lettered");
        assertThat(dead.path("errors").get(0).path("code").asText()).isEqualTo("INVALID_REVIEW_RESOLUTION");
        ConsumerRecord<String, byte[]> letter = bed.topics().await(TestBed.DLQ,
                r -> id.equals(io.switchboard.testing.TopicWatcher.headers(r).get("switchboard.event.id")));
        assertThat(io.switchboard.testing.TopicWatcher.headers(letter).get("switchboard.error.code"))
                .isEqualTo("INVALID_REVIEW_RESOLUTION");
        assertThat(queue.item(id)).isEmpty();
    }

    /**
     * A producer writes a decision of its own on its event: an operator's choice of an unrelated Contact, once with
     * no signature and once with the service's signature of another event's decision. Neither is followed: the Task
     * lands on the Contact the event matches, and the outcome says the header was dropped.
     */
    @Test
    void aForgedReviewDecisionIsDroppedAndTheEventMatchedAsAnyOther() {
        String victim = org().insert("Contact", Map.of("LastName", unique("Unrelated"), "Email",
                unique("unrelated") + "@example.com"));
        for (boolean movedSignature : new boolean[] {false, true}) {
            String email = unique("caller") + "@example.com";
            String caller = org().insert("Contact", Map.of("LastName", unique("Caller"), "Email", email));
            String id = unique("forged-decision");
            byte[] value = toJson(event(id, "call.inbound", Map.of("person", Map.of("email", email))));
            String forged = Resolution.deliverTo(victim, "ann", "chosen in review").toHeader();
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(TestBed.CALLS, email, value);
            record.headers().add(Resolution.HEADER, forged.getBytes(StandardCharsets.UTF_8));
            if (movedSignature) {
                // a genuine signature of this very decision, taken from another event's record
                byte[] other = toJson(event(unique("other"), "call.inbound", Map.of("person", Map.of("email", email))));
                record.headers().add(Resolution.SIGNATURE_HEADER, signatures.sign(Resolution.HEADER, forged, other)
                        .getBytes(StandardCharsets.UTF_8));
            }
            bed.publish(record);

            JsonNode outcome = awaitOutcome(id);
            assertThat(outcome.path("decision").asText()).as(outcome.toString()).isEqualTo("delivered");
            assertThat(outcome.path("matched").path("id").asText()).isEqualTo(caller);
            assertThat(outcome.path("matched").path("by").asText()).isNotEqualTo("review");
            assertThat(outcome.has("review")).isFalse();
            assertThat(outcome.path("notes").toString()).contains("header " + Resolution.HEADER + " was dropped");
            assertThat(tasksOf(caller)).isEqualTo(1);
            assertThat(tasksOf(victim)).isZero();
        }
    }

    /**
     * A decided event whose write fails is dead-lettered with its decision (and the service's signature of it);
     * replayed from the console once the cause is gone, it is still that decision, verified again, and delivered to
     * the chosen record, not matched anew.
     */
    @Test
    void aReviewDecisionSurvivesADeadLetterAndItsReplay() {
        String number = "+1" + uniqueUsDigits();
        String first = org().insert("Contact", Map.of("LastName", unique("Front Desk"), "Phone", number));
        String second = org().insert("Contact", Map.of("LastName", unique("Reception"), "Phone", number));
        String id = unique("decided-dead");
        // the test type whose rule holds a shared number for review (the shipped rules take the most recent record)
        publish(TestBed.CALLS, number, event(id, "test.shared-line", Map.of("call", Map.of("fromNumber", number))));
        awaitDecision(id, "held-for-review");
        awaitWaiting(id);

        // every request naming this event fails, as a real org fails on some inputs: the decided event's write
        bed.salesforce().faults().failRequestsContaining(id);
        assertThat(review.deliverTo(id, second, "ann", "the caller asked for reception").accepted()).isTrue();
        JsonNode dead = awaitDecision(id, "dead-lettered");
        assertThat(dead.path("review").path("by").asText()).isEqualTo("ann");
        ConsumerRecord<String, byte[]> letter = bed.topics().await(TestBed.DLQ,
                r -> id.equals(io.switchboard.testing.TopicWatcher.headers(r).get("switchboard.event.id")));
        Map<String, String> kept = io.switchboard.testing.TopicWatcher.headers(letter);
        assertThat(kept).containsKeys(Resolution.HEADER, Resolution.SIGNATURE_HEADER);
        assertThat(tasksOf(second)).isZero();
        bed.salesforce().faults().clear();

        String reference = letter.topic() + "/" + letter.partition() + "/" + letter.offset();
        long row = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> deadLetters.byReference(reference).map(l -> l.id()).orElse(0L), n -> n > 0);
        assertThat(console.replayDeadLetter(row).get(0)).isEqualTo("1 done");
        JsonNode replayed = awaitDecision(id, "delivered");
        assertThat(replayed.path("replayOf").asText()).isEqualTo(reference);
        assertThat(replayed.path("matched").path("id").asText()).isEqualTo(second);
        assertThat(replayed.path("matched").path("by").asText()).isEqualTo("review");
        assertThat(replayed.path("review").path("by").asText()).isEqualTo("ann");
        assertThat(replayed.path("notes").toString()).doesNotContain("dropped");
        assertThat(tasksOf(second)).isEqualTo(1);
        assertThat(tasksOf(first)).isZero();
    }

    @Test
    void nobodyMatchesSoAPersonCreatesALeadWhichIsDeliveredOnce() {
        String email = unique("walk-in") + "@example.com";
        String id = unique("nobody");
        Map<String, Object> form = event(id, "test.review-nobody", Map.of("person", Map.of("email", email,
                "lastName", "Walker", "company", "Walk-in Ltd")));
        publish(TestBed.WEB, email, form);
        JsonNode held = awaitDecision(id, "held-for-review");
        assertThat(held.path("reason").asText()).contains("Nobody matched by email");
        assertThat(held.path("candidates").size()).isZero();
        assertThat(query("SELECT Id FROM Lead WHERE Email = '" + email + "'")).isEmpty();
        awaitWaiting(id);

        assertThat(review.create(id, NewPerson.LEAD, "ann", null).accepted()).isTrue();
        JsonNode delivered = awaitDecision(id, "delivered");
        List<Map<String, Object>> leads = query("SELECT Id, LastName FROM Lead WHERE Email = '" + email + "'");
        assertThat(leads).hasSize(1);
        assertThat(delivered.path("records").get(0).path("id").asText()).isEqualTo(leads.get(0).get("Id"));
        assertThat(delivered.path("review").path("create").asText()).isEqualTo("Lead");
        assertThat(tasksOf((String) leads.get(0).get("Id"))).isEqualTo(1);
        assertThat(query("SELECT Id FROM Task WHERE Switchboard_Event_Id__c = 'test-phone-system:call-" + id + "'"))
                .hasSize(1);
        awaitGone(id);

        // the decided record read again (a replay) creates neither a second Lead nor a second Task
        send(TestBed.WEB, email, toJson(form), Resolution.create(NewPerson.LEAD, "ann", null));
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> decisions(id).stream().filter("delivered"::equals).count() == 2);
        assertThat(query("SELECT Id FROM Lead WHERE Email = '" + email + "'")).hasSize(1);
        assertThat(tasksOf((String) leads.get(0).get("Id"))).isEqualTo(1);
    }

    @Test
    void aSkipWritesNothingAndEndsSkippedInReviewWithItsReason() {
        String email = unique("spammy") + "@example.com";
        String id = unique("skip");
        publish(TestBed.WEB, email, event(id, "test.review-nobody", Map.of("person", Map.of("email", email))));
        awaitDecision(id, "held-for-review");
        awaitWaiting(id);

        assertThat(review.skip(id, " ", "ann").status()).isEqualTo(ActionResult.Status.INVALID);
        assertThat(review.skip(id, "a wrong number", "ann").accepted()).isTrue();
        JsonNode skipped = awaitDecision(id, "skipped-in-review");
        assertThat(skipped.path("reason").asText()).isEqualTo("Skipped in review by ann: a wrong number");
        assertThat(query("SELECT Id FROM Lead WHERE Email = '" + email + "'")).isEmpty();
        assertThat(query("SELECT Id FROM Task WHERE Switchboard_Event_Id__c = 'test-phone-system:call-" + id + "'"))
                .isEmpty();
        awaitGone(id);
    }

    @Test
    void aHeldInteractionLeavesTheQueueByItselfWhenItsPersonAppearsInTheOrg() {
        String email = unique("later") + "@example.com";
        String id = unique("rematch");
        publish(TestBed.WEB, email, event(id, "test.review-nobody", Map.of("person", Map.of("email", email))));
        awaitDecision(id, "held-for-review");
        awaitWaiting(id);
        Rematch.Report nothingYet = review.recordsChanged("test");
        assertThat(nothingYet.waiting()).isGreaterThanOrEqualTo(1);
        assertThat(nothingYet.requests()).as("one round of matching for all of them").isEqualTo(1);
        assertThat(queue.item(id).orElseThrow().waiting()).isTrue();

        String contact = org().insert("Contact", Map.of("LastName", unique("Later"), "Email", email));
        Rematch.Report report = review.recordsChanged("test");
        assertThat(report.delivered()).isGreaterThanOrEqualTo(1);
        JsonNode delivered = awaitDecision(id, "delivered");
        assertThat(delivered.path("matched").path("id").asText()).isEqualTo(contact);
        assertThat(delivered.path("review").path("by").asText()).isEqualTo("re-match (test)");
        assertThat(tasksOf(contact)).isEqualTo(1);
        awaitGone(id);
        assertThat(review.audit(null, 50)).anyMatch(e -> "re-match".equals(e.action()) && e.actor().startsWith("re-match"));
    }

    @Test
    void aChangeTheChangeFeedReportsMatchesHeldInteractionsAgain() {
        String email = unique("fed") + "@example.com";
        String id = unique("fed");
        publish(TestBed.WEB, email, event(id, "test.review-nobody", Map.of("person", Map.of("email", email))));
        awaitDecision(id, "held-for-review");
        awaitWaiting(id);
        String contact = org().insert("Contact", Map.of("LastName", unique("Fed"), "Email", email));
        // the shared context keeps this off (no re-match in the background of other tests): one of its own
        RematchOnOrgChanges listener = new RematchOnOrgChanges(review, new ReviewProperties("interactions.review",
                "interactions.review.audit", Duration.ZERO, 1000, 200, Duration.ofMillis(200)));
        try {
            listener.onOrgRecordChanged(new io.switchboard.model.OrgRecordChanged("Contact", contact,
                    io.switchboard.model.OrgRecordChanged.Change.CHANGED, null));
            JsonNode delivered = awaitDecision(id, "delivered");
            assertThat(delivered.path("matched").path("id").asText()).isEqualTo(contact);
            assertThat(delivered.path("review").path("by").asText()).startsWith("re-match (change feed: 1 record changed");
        } finally {
            listener.destroy();
        }
    }

    @Test
    void theTimerMatchesHeldInteractionsAgainWithoutAnyoneAsking() {
        String email = unique("timer") + "@example.com";
        String id = unique("timer");
        publish(TestBed.WEB, email, event(id, "test.review-nobody", Map.of("person", Map.of("email", email))));
        awaitDecision(id, "held-for-review");
        awaitWaiting(id);
        String contact = org().insert("Contact", Map.of("LastName", unique("Timer"), "Email", email));
        try {
            rematch.schedule(Duration.ofMillis(300));
            JsonNode delivered = awaitDecision(id, "delivered");
            assertThat(delivered.path("matched").path("id").asText()).isEqualTo(contact);
            assertThat(delivered.path("review").path("by").asText()).isEqualTo("re-match");
            awaitGone(id);
        } finally {
            rematch.stopTimer();
        }
    }

    @Test
    void theQueueIsKeptInKafkaAndSurvivesARestartOfItsReader() {
        String email = unique("kept") + "@example.com";
        String id = unique("restart");
        publish(TestBed.WEB, email, event(id, "test.review-nobody", Map.of("person", Map.of("email", email))));
        awaitDecision(id, "held-for-review");
        ReviewItem before = awaitWaiting(id);

        queue.stop();
        queue.start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(queue::caughtUp);
        ReviewItem after = queue.item(id).orElseThrow();
        assertThat(after.waiting()).isTrue();
        assertThat(after.reason()).isEqualTo(before.reason());
        assertThat(after.value()).isEqualTo(before.value());

        // still actionable after the restart
        assertThat(review.skip(id, "test over", "ann").accepted()).isTrue();
        awaitDecision(id, "skipped-in-review");
        awaitGone(id);
    }

    @Test
    void theJsonApiNeedsTheOperatorsLoginAndACsrfTokenForEveryAction() throws Exception {
        String email = unique("api") + "@example.com";
        String id = unique("api");
        publish(TestBed.WEB, email, event(id, "test.review-nobody", Map.of("person", Map.of("email", email))));
        awaitDecision(id, "held-for-review");
        awaitWaiting(id);
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String body = json.writeValueAsString(Map.of("eventId", id, "reason", "from a script"));

        assertThat(http.send(get("/api/review/items", false), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        HttpResponse<String> items = http.send(get("/api/review/items", true), HttpResponse.BodyHandlers.ofString());
        assertThat(items.statusCode()).isEqualTo(200);
        assertThat(json.readTree(items.body()).path("items").findValuesAsText("eventId")).contains(id);
        // refused before the login is even looked at (Spring Security's CSRF filter runs first; its error page
        // then asks for a login)
        assertThat(http.send(post("/api/review/skip", body, null), HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("no CSRF token").isIn(401, 403);
        assertThat(queue.item(id).orElseThrow().waiting()).isTrue();

        JsonNode csrf = json.readTree(http.send(get("/api/review/csrf", true), HttpResponse.BodyHandlers.ofString()).body());
        HttpResponse<String> skipped = http.send(post("/api/review/skip", body, csrf), HttpResponse.BodyHandlers.ofString());
        assertThat(skipped.statusCode()).as(skipped.body()).isEqualTo(200);
        assertThat(json.readTree(skipped.body()).path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(awaitDecision(id, "skipped-in-review").path("reason").asText()).contains("operator: from a script");
        HttpResponse<String> again = http.send(post("/api/review/skip", body, csrf), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isIn(404, 409);
        HttpResponse<String> audit = http.send(get("/api/review/audit?eventId=" + id, true), HttpResponse.BodyHandlers.ofString());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> json.readTree(http.send(
                get("/api/review/audit?eventId=" + id, true), HttpResponse.BodyHandlers.ofString()).body())
                .findValuesAsText("actor").contains("operator"));
        assertThat(audit.statusCode()).isEqualTo(200);
    }

    @Test
    void jmxShowsTheQueueAndTheDryRunShowsTheHold() throws Exception {
        String number = "+1" + uniqueUsDigits();
        String first = org().insert("Contact", Map.of("LastName", unique("Desk"), "Phone", number));
        String second = org().insert("Contact", Map.of("LastName", unique("Desk"), "Phone", number));
        DryRun.Report report = dryRun.explain(toJson(event(unique("dry"), "test.shared-line",
                Map.of("call", Map.of("fromNumber", number)))));
        assertThat(report.decision()).isEqualTo("would-hold-for-review");
        assertThat(report.candidates()).extracting(c -> c.id()).containsExactlyInAnyOrder(first, second);
        assertThat(report.rule().ambiguous()).isEqualTo("review");

        // the MBean's operations (JMX export itself is Spring's; tests call the bean)
        assertThat(ReviewOperations.class.getAnnotation(org.springframework.jmx.export.annotation.ManagedResource.class)
                .objectName()).isEqualTo("io.switchboard:type=ReviewQueue");
        assertThat(jmx.getWaiting()).isEqualTo(review.waiting().size());
        assertThat(jmx.skip("no-such-event", "why")).startsWith("not_found: ");
        assertThat(jmx.create("no-such-event", "Account")).startsWith("invalid: a Lead or a Contact");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> review.audit("no-such-event", 10).stream()
                .anyMatch(e -> e.actor().equals("jmx") && e.action().equals("skip") && e.result().equals("not_found")));
    }

    @Test
    void aRuleThatHoldsUnmatchedPeopleIsCheckedForBothPeopleAPersonMayCreate() {
        Rules rules = new RulesLoader().parse("""
                types:
                  web.form:
                    whenNoMatch:
                      create: review
                      leadSource: Webb
                      placeholders:
                        Ratting: Warm
                """, "test");
        assertThat(validator.problems(rules)).containsExactlyInAnyOrder(
                "types.web.form.whenNoMatch.leadSource (line 5): 'Webb' is not a Lead Source value in this org; use one of "
                        + "[Web, Phone Inquiry, Partner Referral, Purchased List, Other] or add it in Setup",
                "types.web.form.whenNoMatch.placeholders.Ratting (line 7): neither Lead nor Contact has a field 'Ratting' "
                        + "that can be set on a new record in this org");
    }

    private io.switchboard.emulator.Org org() {
        return bed.salesforce().org();
    }

    private int tasksOf(String whoId) {
        return query("SELECT Id FROM Task WHERE WhoId = '" + whoId + "'").size();
    }

    private JsonNode awaitDecision(String eventId, String decision) {
        ConsumerRecord<String, byte[]> record = bed.topics().await(TestBed.OUTCOMES, r -> {
            JsonNode o = read(r.value());
            return eventId.equals(o.path("eventId").asText()) && decision.equals(o.path("decision").asText());
        });
        return read(record.value());
    }

    private List<String> decisions(String eventId) {
        return outcomesOf(eventId).stream().map(o -> o.path("decision").asText()).toList();
    }

    private ReviewItem awaitWaiting(String eventId) {
        return Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> queue.item(eventId).filter(ReviewItem::waiting).orElse(null), i -> i != null);
    }

    private void awaitGone(String eventId) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> queue.item(eventId).isEmpty());
    }

    /** The record with a decision signed as the service signs it (a replay of a decided record). */
    private void send(String topic, String key, byte[] value, Resolution resolution) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(Resolution.HEADER, resolution.toHeader().getBytes(StandardCharsets.UTF_8));
        record.headers().add(Resolution.SIGNATURE_HEADER, signatures.sign(Resolution.HEADER, resolution.toHeader(), value)
                .getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest get(String path, boolean login) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (login) {
            b.header("Authorization", basic());
        }
        return b.build();
    }

    private HttpRequest post(String path, String body, JsonNode csrf) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", basic()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrf != null) {
            b.header(csrf.path("headerName").asText(), csrf.path("token").asText());
        }
        return b.build();
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString("operator:test-operator-password"
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Ten national digits of a US number nobody else in the test run uses (no 555 numbers: fixtures use those). */
    private static String uniqueUsDigits() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "6" + (10 + r.nextInt(90)) + (200 + r.nextInt(800)) + String.format("%04d", r.nextInt(10_000));
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bed.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }
}
