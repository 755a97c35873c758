package io.switchboard.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.model.InteractionEvent;
import io.switchboard.model.RecordOrigin;
import io.switchboard.model.Interaction;
import io.switchboard.matching.MatchCache;
import io.switchboard.matching.Matcher;
import io.switchboard.model.rule.MatchStrategy;
import io.switchboard.model.rule.Template;
import io.switchboard.model.rule.TypeRule;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.RuleBuilder;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * How many requests delivery costs: each event's writes leave as soon as what they name exists, so the activities
 * of known people travel with the new people of other events, and only what depends on a new record waits for a
 * second request; an activity keyed by its own event is never looked up.
 */
class DeliveryRequestsIT extends EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Matcher matcher;
    @Autowired
    Deliverer deliverer;
    @Autowired
    MatchCache cache;
    /** This thread's requests: the org's counter sees the service's background reads too. */
    @Autowired
    io.switchboard.testing.ThreadRequests requests;

    @org.junit.jupiter.api.BeforeEach
    void startCold() {
        cache.clear();
    }

    /** Email matching, a new Lead when nobody matches, a Task whose description is the whole transcript. */
    private static TypeRule rule() {
        return RuleBuilder.rule().matching(MatchStrategy.EMAIL_ONLY, "Contact", "Lead").subject("Conversation")
                .description("{content.transcript}").build();
    }

    private static Interaction event(String email, String transcript) {
        return event(rule(), Map.of("person", Map.of("email", email, "lastName", "Rounds"),
                "content", Map.of("transcript", transcript)));
    }

    private static Interaction event(TypeRule rule, Map<String, Object> data) {
        InteractionEvent event = new InteractionEvent("evt-" + UUID.randomUUID(), "rounds-test", "conversation.updated",
                OffsetDateTime.parse("2026-11-20T15:04:05Z"), null, JSON.valueToTree(data));
        return Interaction.received(new RecordOrigin("test", 0, 0L, null, new byte[0]), event).withRule(rule);
    }

    @Test
    void writesThatDependOnNothingNewLeaveInTheFirstRequest() {
        String known = unique("known") + "@example.com";
        String contactId = bed.salesforce().org().insert("Contact", Map.of("LastName", "Known", "Email", known));
        String stranger = unique("new") + "@example.com";
        // the known person's transcript is too long for a Description: a note (first), then the Task and the
        // note's link (second); the stranger's Lead (first), then the stranger's Task (second)
        List<Interaction> batch = List.of(event(known, "word ".repeat(8_000)), event(stranger, "Hello"));

        long before = requests.writes();
        List<Interaction> delivered = deliverer.deliver(matcher.match(batch));
        long writes = requests.writes() - before;

        assertThat(delivered).allSatisfy(i -> assertThat(i.failure()).isNull());
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + contactId + "'")).hasSize(1);
        String leadId = query("SELECT Id FROM Lead WHERE Email = '" + stranger + "'").get(0).get("Id").toString();
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + leadId + "'")).hasSize(1);
        assertThat(query("SELECT Id FROM ContentDocumentLink WHERE LinkedEntityId = '" + contactId + "'")).hasSize(1);
        // by phases (accounts, people, notes, activities) this batch took three requests
        assertThat(writes).as("write requests").isEqualTo(2);
    }

    private long writeRequests() {
        return requests.writes();
    }

    private String leadOf(String email) {
        return query("SELECT Id FROM Lead WHERE Email = '" + email + "'").get(0).get("Id").toString();
    }

    @Test
    void aNewPersonAndTheActivityNamingThemLeaveInOneRequest() {
        String first = unique("chained") + "@example.com";
        String second = unique("chained") + "@example.com";
        List<Interaction> batch = List.of(event(first, "Hello"), event(second, "Hi"));

        long before = writeRequests();
        List<Interaction> delivered = deliverer.deliver(matcher.match(batch));

        assertThat(delivered).allSatisfy(i -> assertThat(i.failure()).isNull());
        assertThat(writeRequests() - before).as("write requests: the Leads, and the Tasks naming them by reference")
                .isEqualTo(1);
        for (String email : List.of(first, second)) {
            assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + leadOf(email) + "'")).hasSize(1);
        }
    }

    @Test
    void whenOneNewPersonIsRefusedTheActivitiesNamingTheOthersAreStillWrittenAndItsOwnIsNot() {
        String refused = unique("refused") + "@example.com";
        String fine = unique("fine") + "@example.com";
        // Salesforce refuses the first Lead (a value its restricted picklist does not hold): the collection of
        // Tasks that names it by reference is halted as a whole, and goes again with the ids that exist
        TypeRule badSource = RuleBuilder.rule().matching(MatchStrategy.EMAIL_ONLY, "Contact", "Lead")
                .subject("Conversation").leadSource("Carrier Pigeon").build();
        Interaction bad = event(badSource, Map.of("person", Map.of("email", refused, "lastName", "Refused")));
        List<Interaction> batch = List.of(bad, event(fine, "Hi"));

        long before = writeRequests();
        List<Interaction> delivered = deliverer.deliver(matcher.match(batch));

        assertThat(delivered.get(0).failure()).isNotNull();
        assertThat(delivered.get(0).failure().code()).isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertThat(delivered.get(0).activityId()).isNull();
        assertThat(query("SELECT Id FROM Lead WHERE Email = '" + refused + "'")).isEmpty();
        assertThat(delivered.get(1).failure()).isNull();
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + leadOf(fine) + "'")).hasSize(1);
        assertThat(query("SELECT Id FROM Task WHERE Switchboard_Event_Id__c = 'rounds-test:" + bad.event().id() + "'"))
                .as("no Task without its person").isEmpty();
        assertThat(writeRequests() - before).as("write requests: the chained one, and the halted Tasks again")
                .isEqualTo(2);
    }

    @Test
    void whenTheNewPersonsKeyIsTakenMeanwhileTheActivityNamesTheRecordHoldingIt() {
        String email = unique("taken") + "@example.com";
        List<Interaction> matched = matcher.match(List.of(event(email, "Hello")));
        // another instance creates the person between this batch's match and its writes
        String leadId = bed.salesforce().org().insert("Lead", Map.of("LastName", "Elsewhere", "Company", "Elsewhere Inc",
                "Switchboard_Person_Key__c", email));

        Interaction delivered = deliverer.deliver(matched).get(0);

        assertThat(delivered.failure()).isNull();
        assertThat(delivered.match().id()).isEqualTo(leadId);
        assertThat(query("SELECT Id FROM Lead WHERE Switchboard_Person_Key__c = '" + email + "'")).hasSize(1);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + leadId + "'")).hasSize(1);
    }

    @Test
    void anActivityKeyedByItsOwnEventIsNotLookedUpAndAReplayStillWritesItOnce() {
        String email = unique("once") + "@example.com";
        String contactId = bed.salesforce().org().insert("Contact", Map.of("LastName", "Once", "Email", email));
        List<Interaction> batch = List.of(event(email, "Hello"));

        long readsBefore = requests.reads();
        Interaction first = deliverer.deliver(matcher.match(batch)).get(0);
        assertThat(requests.reads() - readsBefore)
                .as("reads: the match, and no look-up of the Task (its key is unique in the org)").isEqualTo(1);

        Interaction replayed = deliverer.deliver(matcher.match(batch)).get(0);
        assertThat(replayed.failure()).isNull();
        assertThat(replayed.activityId()).isEqualTo(first.activityId());
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + contactId + "'")).hasSize(1);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "the event naming the company comes {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"first", "second"})
    void eventsOfOneNewPersonShareItsCreateEvenWhenOneOfThemMustFirstCreateItsAccount(String order) {
        TypeRule contacts = RuleBuilder.rule().matching(MatchStrategy.EMAIL_ONLY, "Contact")
                .creating(io.switchboard.model.rule.NewPerson.CONTACT)
                .withAccount(io.switchboard.model.rule.CompanyAccount.CREATE).subject("Conversation").build();
        String email = unique("pair") + "@example.com";
        String company = unique("Pair Co");
        // the first event names a new company (its Account comes first), the second only the person: both must
        // wait for the one Contact, which needs the Account
        Interaction naming = event(contacts, Map.of("person", Map.of("email", email, "lastName", "Pair", "company", company)));
        Interaction plain = event(contacts, Map.of("person", Map.of("email", email, "lastName", "Pair")));
        List<Interaction> batch = order.equals("first") ? List.of(naming, plain) : List.of(plain, naming);

        List<Interaction> delivered = deliverer.deliver(matcher.match(batch));

        assertThat(delivered).allSatisfy(i -> assertThat(i.failure()).isNull());
        List<Map<String, Object>> people = query("SELECT Id, AccountId FROM Contact WHERE Email = '" + email + "'");
        assertThat(people).hasSize(1);
        String accountId = query("SELECT Id FROM Account WHERE Name = '" + company + "'").get(0).get("Id").toString();
        assertThat(people.get(0)).containsEntry("AccountId", accountId);
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + people.get(0).get("Id") + "'")).hasSize(2);
    }

    /** Email matching on Contacts; Title and Department filled from the event where the Contact has none. */
    private static TypeRule filling() {
        return RuleBuilder.rule().matching(MatchStrategy.EMAIL_ONLY, "Contact").subject("Call")
                .filling("Contact", "Title", "person.title").filling("Contact", "Department", "person.department").build();
    }

    private Map<String, Object> contact(String id) {
        return query("SELECT Title, Department FROM Contact WHERE Id = '" + id + "'").get(0);
    }

    /** A known Contact, and what delivery made of two events of it in one batch, each with these person values. */
    private record TwoEvents(String contactId, List<Interaction> delivered) {
    }

    private TwoEvents deliverTwoEventsOfOneContact(Map<String, Object> first, Map<String, Object> second) {
        String email = unique("twice") + "@example.com";
        String contactId = bed.salesforce().org().insert("Contact", Map.of("LastName", "Twice", "Email", email));
        List<Interaction> batch = new java.util.ArrayList<>();
        for (Map<String, Object> values : List.of(first, second)) {
            Map<String, Object> person = new java.util.HashMap<>(values);
            person.put("email", email);
            batch.add(event(filling(), Map.of("person", person)));
        }
        return new TwoEvents(contactId, deliverer.deliver(matcher.match(batch)));
    }

    @Test
    void twoEventsChangingOneKnownPersonMakeOneUpdateWithBothChanges() {
        // a collection naming one record twice is refused by Salesforce (and by the emulated org)
        TwoEvents two = deliverTwoEventsOfOneContact(Map.of("title", "Buyer"), Map.of("department", "Purchasing"));

        assertThat(two.delivered()).allSatisfy(i -> {
            assertThat(i.failure()).isNull();
            assertThat(i.written()).anySatisfy(w -> assertThat(w.id()).isEqualTo(two.contactId()));
        });
        assertThat(contact(two.contactId())).containsEntry("Title", "Buyer").containsEntry("Department", "Purchasing");
    }

    @Test
    void aFieldFilledByAnEarlierEventOfTheBatchIsNotFilledAgain() {
        TwoEvents two = deliverTwoEventsOfOneContact(Map.of("title", "Buyer"), Map.of("title", "Manager"));

        assertThat(two.delivered()).allSatisfy(i -> assertThat(i.failure()).isNull());
        // as if the two had come in separate batches: the second finds Title filled
        assertThat(contact(two.contactId())).containsEntry("Title", "Buyer");
    }

    @Test
    void aKnownPersonsUpdateAndTheirActivityLeaveInOneRequestAndAFailedUpdateLeavesTheActivityLogged() {
        String email = unique("filled") + "@example.com";
        String contactId = bed.salesforce().org().insert("Contact", Map.of("LastName", "Filled", "Email", email));
        String refusedEmail = unique("unfilled") + "@example.com";
        String refusedId = bed.salesforce().org().insert("Contact", Map.of("LastName", "Unfilled", "Email", refusedEmail));
        // the second Contact's Department is longer than the field: its update fails; its Task, after the update in
        // the same request, is logged, and the event is dead-lettered with the Task among its records
        Interaction fine = event(filling(), Map.of("person", Map.of("email", email, "title", "Buyer")));
        Interaction refused = event(filling(), Map.of("person", Map.of("email", refusedEmail, "department", "D".repeat(300))));

        long before = writeRequests();
        List<Interaction> delivered = deliverer.deliver(matcher.match(List.of(fine, refused)));

        assertThat(writeRequests() - before).as("write requests: the updates and the Tasks after them").isEqualTo(1);
        assertThat(delivered.get(0).failure()).isNull();
        assertThat(contact(contactId)).containsEntry("Title", "Buyer");
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + contactId + "'")).hasSize(1);
        assertThat(delivered.get(1).failure()).isNotNull();
        assertThat(delivered.get(1).failure().code()).isEqualTo("STRING_TOO_LONG");
        List<Map<String, Object>> logged = query("SELECT Id FROM Task WHERE WhoId = '" + refusedId + "'");
        assertThat(logged).hasSize(1);
        assertThat(delivered.get(1).written()).anySatisfy(w -> assertThat(w.id()).isEqualTo(logged.get(0).get("Id")));

        // the replay, once the value is fixed, fills the Department and finds the Task: nothing twice
        Interaction fixed = event(filling(), Map.of("person", Map.of("email", refusedEmail, "department", "Purchasing")));
        Interaction replay = Interaction.received(refused.origin(), new InteractionEvent(refused.event().id(),
                refused.event().source(), refused.event().type(), refused.event().time(), null,
                fixed.event().data())).withRule(filling());
        assertThat(deliverer.deliver(matcher.match(List.of(replay))).get(0).failure()).isNull();
        assertThat(contact(refusedId)).containsEntry("Department", "Purchasing");
        assertThat(query("SELECT Id FROM Task WHERE WhoId = '" + refusedId + "'")).hasSize(1);
    }

    @Test
    void whenAMergedUpdateIsRejectedOnlyTheEventWithTheBadValueFails() {
        TwoEvents two = deliverTwoEventsOfOneContact(Map.of("title", "Buyer"), Map.of("department", "D".repeat(300)));

        assertThat(two.delivered().get(0).failure()).isNull();
        assertThat(two.delivered().get(1).failure()).isNotNull();
        assertThat(two.delivered().get(1).failure().code()).isEqualTo("STRING_TOO_LONG");
        assertThat(contact(two.contactId())).containsEntry("Title", "Buyer");
    }
}
