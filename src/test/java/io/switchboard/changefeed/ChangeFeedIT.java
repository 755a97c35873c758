package io.switchboard.changefeed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.emulator.Org;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The change feed through the real Camel Salesforce component (pubSubSubscribe) against the emulated org's Pub/Sub
 * API, into the real Kafka broker, in the shared service: what a producer reads from salesforce.people, and how
 * matching follows conversions, merges and deletions.
 */
class ChangeFeedIT extends EndToEndTest {

    private static final Duration FEED = Duration.ofSeconds(60);

    @Autowired
    FeedSnapshots snapshots;
    @Autowired
    FeedSubscriptions subscriptions;
    @Autowired
    FeedStatus status;
    @Autowired
    ChangeFeedProperties properties;
    @Autowired
    org.apache.camel.CamelContext camel;

    private final Org org = bed.salesforce().org();

    @AfterEach
    void clearFaults() {
        bed.salesforce().faults().clear();
    }

    @Test
    void numbersStoredInAnyFormatAllComeOutInE164() {
        String id = org.insert("Contact", Map.of("LastName", "Formats", "FirstName", "Fay",
                "Phone", "(415) 555-0134", "MobilePhone", "415.555.0134", "HomePhone", "+14155550134",
                "Email", unique("formats") + "@example.com"));

        JsonNode record;
        try {
            record = awaitPerson(id, r -> r != null && r.path("phones").size() == 3);
        } finally {
            // the numbers are common in the other tests: this person must not be matched by them
            org.remove("Contact", id);
        }

        assertThat(record.path("object").asText()).isEqualTo("Contact");
        assertThat(record.path("name").asText()).isEqualTo("Fay Formats");
        List<String> stored = new ArrayList<>();
        List<String> e164 = new ArrayList<>();
        record.path("phones").forEach(p -> {
            stored.add(p.path("stored").asText());
            e164.add(p.path("e164").asText());
        });
        assertThat(stored).containsExactly("(415) 555-0134", "415.555.0134", "+14155550134");
        assertThat(e164).containsOnly("+14155550134");
    }

    @Test
    void aGapEventMakesTheFeedReadTheRecordAgainInsteadOfTrustingTheChange() {
        String id = org.insert("Contact", Map.of("LastName", "Gap", "Email", unique("gap") + "@example.com"));
        awaitPerson(id, r -> r != null);
        bed.salesforce().faults().changeEventGaps(1);
        org.modify("Contact", id, Map.of("LastName", "Gapped", "Phone", "415.555.0142"));

        JsonNode record = awaitPerson(id, r -> r != null && "Gapped".equals(r.path("lastName").asText()));

        assertThat(record.path("origin").asText()).as("read again, not applied from the event").isEqualTo("reread");
        assertThat(record.path("phones").path(0).path("e164").asText()).isEqualTo("+14155550142");
    }

    /**
     * Snapshot and stream meet without a gap: records changed while the snapshot reads (some on pages already
     * read, some on pages still to come) end with their new state in the compacted topic, and every record is there.
     */
    @Test
    void aSnapshotWithChangesWhileItReadsEndsWithEveryRecordInItsLatestState() {
        String tag = unique("snap");
        // more than a page (200, TestBed): changes land on the first page, already read, and on the last, still to
        // come; the latency per request is the time the test has to make them before that page is read
        List<String> ids = insertMany("Lead", tag, 250);
        bed.salesforce().faults().latency(Duration.ofMillis(400));
        snapshots.fresh(FeedObject.LEAD, Duration.ZERO);
        await().atMost(FEED).until(() -> status.objects().get("Lead").snapshotPublished() >= 200
                && snapshots.running(FeedObject.LEAD));
        List<String> changed = List.of(ids.get(0), ids.get(1), ids.get(ids.size() - 2), ids.get(ids.size() - 1));
        for (String id : changed) {
            org.modify("Lead", id, Map.of("LastName", tag + "-changed"));
        }
        await().atMost(FEED).until(() -> !snapshots.running(FeedObject.LEAD));
        bed.salesforce().faults().latency(Duration.ZERO);

        await().atMost(FEED).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, JsonNode> state = FeedTopicReader.finalState(bed.bootstrapServers(), properties.topics().people());
            for (String id : ids) {
                assertThat(state.get(FeedRecords.key(id))).as(id).isNotNull();
                String expected = changed.contains(id) ? tag + "-changed" : tag + "-" + ids.indexOf(id);
                assertThat(state.get(FeedRecords.key(id)).path("lastName").asText()).as(id).isEqualTo(expected);
            }
        });
        long bySnapshot = FeedTopicReader.all(bed.bootstrapServers(), properties.topics().people()).stream()
                .filter(p -> p.value() != null && "snapshot".equals(p.value().path("origin").asText())
                        && p.value().path("company").path("name").asText().equals(tag))
                .count();
        assertThat(bySnapshot).as("records the snapshot published (those the stream changed meanwhile it may leave)")
                .isGreaterThanOrEqualTo(ids.size() - changed.size());
        FeedStatus.ObjectState lead = status.objects().get("Lead");
        assertThat(lead.snapshotPublished()).isEqualTo(lead.snapshotTotal());
    }

    /**
     * A snapshot stopped halfway (Salesforce unavailable, as a crash stops it) goes on from its last stored page:
     * every record ends in the topic, and no page published before the stop is published again.
     */
    @Test
    void aSnapshotStoppedHalfwayGoesOnFromItsLastPage() {
        String tag = unique("halfway");
        // more than a page (200, TestBed); the latency per request is the time the test has to make the next page's
        // request fail after the first page is published
        List<String> ids = insertMany("Contact", tag, 250);
        bed.salesforce().faults().latency(Duration.ofMillis(400));
        snapshots.fresh(FeedObject.CONTACT, Duration.ZERO);
        await().atMost(FEED).until(() -> status.objects().get("Contact").snapshotPublished() >= 200
                && snapshots.running(FeedObject.CONTACT));
        bed.salesforce().faults().failNext(2, "SERVER_UNAVAILABLE");
        await().atMost(FEED).until(() -> !snapshots.running(FeedObject.CONTACT));
        bed.salesforce().faults().latency(Duration.ZERO);

        List<FeedTopicReader.Published> published = FeedTopicReader.all(bed.bootstrapServers(), properties.topics().people());
        Map<String, Long> snapshotCopies = new java.util.HashMap<>();
        published.stream().filter(p -> p.value() != null && "snapshot".equals(p.value().path("origin").asText()))
                .forEach(p -> snapshotCopies.merge(p.key(), 1L, Long::sum));
        for (String id : ids) {
            assertThat(snapshotCopies.getOrDefault(FeedRecords.key(id), 0L)).as("snapshot copies of " + id).isEqualTo(1L);
        }
    }

    /**
     * A restart resumes from the stored replay position: what changed while the feed was stopped arrives after it,
     * without a snapshot; the records' last state comes back from the feed's own topic, so a change of a record
     * published before is applied from its event, not read again.
     */
    @Test
    void aRestartResumesFromTheStoredPositionWithoutLosingWhatChangedMeanwhile() throws Exception {
        String before = org.insert("Contact", Map.of("LastName", "BeforeStop", "Email", unique("stop") + "@example.com"));
        awaitPerson(before, r -> r != null);
        long snapshotsBefore = snapshotPublications();

        subscriptions.stop();
        String during = org.insert("Contact", Map.of("LastName", "WhileStopped", "Email", unique("stopped") + "@example.com"));
        org.modify("Contact", before, Map.of("LastName", "ChangedWhileStopped"));
        subscriptions.restart();

        awaitPerson(during, r -> r != null && "WhileStopped".equals(r.path("lastName").asText()));
        JsonNode changed = awaitPerson(before, r -> r != null && "ChangedWhileStopped".equals(r.path("lastName").asText()));
        assertThat(changed.path("origin").asText()).as("applied to the state rebuilt from the topic").isEqualTo("change");
        assertThat(status.objects().get("Contact").phase()).isEqualTo(FeedStatus.Phase.STREAMING);
        assertThat(snapshotPublications()).as("no Contact read again by a snapshot").isEqualTo(snapshotsBefore);
    }

    /**
     * GAP_OVERFLOW: a transaction changed more than Salesforce's events can name, so it names the first changes and
     * then says only that there were more; the feed reads the whole object again, and the records it was never told
     * about reach the topic.
     */
    @Test
    void aGapOverflowMakesTheFeedReadTheObjectAgainSoNoUnnamedChangeIsLost() {
        await().atMost(FEED).until(() -> !snapshots.running(FeedObject.LEAD));
        String tag = unique("overflow");
        bed.salesforce().faults().changeEventOverflowAfter(1);
        List<Map<String, Object>> leads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leads.add(Map.of("attributes", Map.of("type", "Lead"), "LastName", tag + "-" + i, "Company", tag));
        }
        // one transaction: the emulated org describes its first create, then sends one GAP_OVERFLOW for Lead
        camel.createProducerTemplate().requestBody("salesforce:compositeCreateSObjectCollections?allOrNone=true", leads);
        List<String> ids = query("SELECT Id FROM Lead WHERE Company = '" + tag + "' ORDER BY LastName").stream()
                .map(r -> r.get("Id").toString()).toList();
        assertThat(ids).hasSize(3);

        await().atMost(FEED).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, JsonNode> state = FeedTopicReader.finalState(bed.bootstrapServers(), properties.topics().people());
            for (int i = 0; i < ids.size(); i++) {
                JsonNode record = state.get(FeedRecords.key(ids.get(i)));
                assertThat(record).as(ids.get(i)).isNotNull();
                assertThat(record.path("lastName").asText()).isEqualTo(tag + "-" + i);
            }
        });
        await().atMost(FEED).until(() -> !snapshots.running(FeedObject.LEAD));
        for (String unnamed : ids.subList(1, 3)) {
            assertThat(snapshotCopies(unnamed)).as("read by the snapshot the overflow started: " + unnamed).isEqualTo(1);
        }
        FeedStatus.ObjectState lead = status.objects().get("Lead");
        assertThat(lead.phase()).isEqualTo(FeedStatus.Phase.STREAMING);
        assertThat(lead.snapshotPublished()).isEqualTo(lead.snapshotTotal());
    }

    /**
     * A stored position older than Salesforce's retention (72 hours) cannot be resumed: Salesforce refuses it, and
     * the feed reads the object afresh (latest position, then a snapshot) instead of going on from it.
     */
    @Test
    void aPositionOlderThanTheRetentionIsReadAfresh() throws Exception {
        String tag = unique("retained");
        String old = org.insert("Lead", Map.of("LastName", "Retained", "Company", tag));
        awaitPerson(old, r -> r != null);
        long copiesBefore = snapshotCopies(old);

        subscriptions.stop();
        bed.salesforce().pubSub().advanceClock(Duration.ofHours(73));
        // a change after the stored position (the emulator, as the bus's tip, would still accept the newest id)
        org.insert("Account", Map.of("Name", tag));
        subscriptions.restart();

        await().atMost(FEED).pollInterval(Duration.ofMillis(500)).until(() -> snapshotCopies(old) > copiesBefore);
        await().atMost(FEED).until(() -> !snapshots.running(FeedObject.LEAD));
        String after = org.insert("Lead", Map.of("LastName", "AfterRetention", "Company", tag));
        awaitPerson(after, r -> r != null && "AfterRetention".equals(r.path("lastName").asText()));
    }

    /**
     * A conversation that started on a Lead goes on on the same Task after the Lead is converted, and the Task now
     * names the Contact: the later update names the Lead by the id the producer was given, and matching follows it
     * to the Contact it became.
     */
    @Test
    void aConversionMidConversationLandsTheLaterUpdatesOnTheContactsActivity() {
        String email = unique("convert") + "@example.com";
        String conversation = unique("conv");
        String first = unique("evt");
        publish(TestBed.CONVERSATIONS, email, conversationEvent(first, conversation,
                Map.of("email", email, "lastName", "Converts"), "Hi"));
        JsonNode opened = awaitOutcome(first);
        assertThat(opened.path("decision").asText()).isEqualTo("delivered");
        String taskId = opened.path("activity").path("id").asText();
        String leadId = query("SELECT Id FROM Lead WHERE Email = '" + email + "'").get(0).get("Id").toString();

        String contactId = org.convertLead(leadId);
        awaitPerson(leadId, r -> r != null && r.path("converted").asBoolean());
        JsonNode lead = awaitPerson(leadId, r -> r != null && r.path("converted").asBoolean());
        assertThat(lead.path("convertedContactId").asText()).isEqualTo(contactId);

        String second = unique("evt");
        publish(TestBed.CONVERSATIONS, email, conversationEvent(second, conversation,
                Map.of("salesforceId", leadId), "Hi\nThere"));
        JsonNode continued = awaitOutcome(second);

        assertThat(continued.path("decision").asText()).isEqualTo("delivered");
        assertThat(continued.path("matched").path("id").asText()).isEqualTo(contactId);
        assertThat(continued.path("activity").path("id").asText()).as("the same Task").isEqualTo(taskId);
        assertThat(continued.path("notes").toString()).contains("converted").contains(contactId);
        Map<String, Object> task = query("SELECT WhoId, Description FROM Task WHERE Id = '" + taskId + "'").get(0);
        assertThat(task.get("WhoId")).isEqualTo(contactId);
        assertThat(task.get("Description").toString()).endsWith("There");
    }

    /**
     * A deleted Contact is never matched, even while the match cache still remembered it: its tombstone makes
     * matching forget it.
     */
    @Test
    void aDeletedRecordIsNotMatchedAgainEvenFromTheCache() {
        String email = unique("deleted") + "@example.com";
        String contact = org.insert("Contact", Map.of("LastName", "Deleted", "Email", email));
        awaitPerson(contact, r -> r != null);
        String first = unique("evt");
        publish(TestBed.CALLS, email, callEvent(first, "call.inbound", Map.of("email", email)));
        assertThat(awaitOutcome(first).path("matched").path("id").asText()).isEqualTo(contact);

        org.remove("Contact", contact);
        awaitTombstone(contact);
        String second = unique("evt");
        publish(TestBed.CALLS, email, callEvent(second, "call.inbound", Map.of("email", email, "lastName", "Again")));
        JsonNode after = awaitOutcome(second);

        assertThat(after.path("decision").asText()).isEqualTo("delivered");
        assertThat(after.path("matched").path("id").asText()).isNotEqualTo(contact);
    }

    /** A Contact merged away leads to the survivor: an event naming it by id is delivered to the master. */
    @Test
    void aMergedAwayRecordLeadsToTheSurvivor() {
        String master = org.insert("Contact", Map.of("LastName", "Master", "Email", unique("master") + "@example.com"));
        String merged = org.insert("Contact", Map.of("LastName", "Merged", "Email", unique("merged") + "@example.com"));
        awaitPerson(merged, r -> r != null);
        String first = unique("evt");
        publish(TestBed.CALLS, merged, callEvent(first, "test.feed-by-id", Map.of("salesforceId", merged)));
        assertThat(awaitOutcome(first).path("matched").path("id").asText()).isEqualTo(merged);

        org.merge("Contact", master, List.of(merged));
        awaitTombstone(merged);
        String second = unique("evt");
        publish(TestBed.CALLS, merged, callEvent(second, "test.feed-by-id", Map.of("salesforceId", merged)));
        JsonNode after = awaitOutcome(second);

        assertThat(after.path("decision").asText()).isEqualTo("delivered");
        assertThat(after.path("matched").path("id").asText()).isEqualTo(master);
        assertThat(after.path("notes").toString()).contains("merged into " + master);
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode awaitPerson(String id, Predicate<JsonNode> fits) {
        return awaitRecord(properties.topics().people(), id, fits);
    }

    private static JsonNode awaitRecord(String topic, String id, Predicate<JsonNode> fits) {
        String key = FeedRecords.key(id);
        JsonNode[] found = new JsonNode[1];
        await().atMost(FEED).pollInterval(Duration.ofMillis(300)).until(() -> {
            Map<String, JsonNode> state = FeedTopicReader.finalState(bed.bootstrapServers(), topic);
            if (!state.containsKey(key) && fits.test(null)) {
                return true;
            }
            found[0] = state.get(key);
            return state.containsKey(key) && fits.test(found[0]);
        });
        return found[0];
    }

    private List<String> insertMany(String sObject, String tag, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> fields = new java.util.HashMap<>(Map.of("LastName", tag + "-" + i));
            if (sObject.equals("Lead")) {
                fields.put("Company", tag);
            }
            ids.add(org.insert(sObject, fields));
        }
        // the stream publishes their creation first: a snapshot started now finds them all settled
        await().atMost(FEED).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, JsonNode> state = FeedTopicReader.finalState(bed.bootstrapServers(), properties.topics().people());
            return ids.stream().allMatch(id -> state.get(FeedRecords.key(id)) != null);
        });
        return ids;
    }

    private long snapshotPublications() {
        return FeedTopicReader.all(bed.bootstrapServers(), properties.topics().people()).stream()
                .filter(p -> p.value() != null && "snapshot".equals(p.value().path("origin").asText())
                        && "Contact".equals(p.value().path("object").asText()))
                .count();
    }

    private void awaitTombstone(String id) {
        String key = FeedRecords.key(id);
        await().atMost(FEED).pollInterval(Duration.ofMillis(300)).until(() -> {
            Map<String, JsonNode> state = FeedTopicReader.finalState(bed.bootstrapServers(), properties.topics().people());
            return state.containsKey(key) && state.get(key) == null;
        });
    }

    private static Map<String, Object> conversationEvent(String id, String conversation, Map<String, Object> person,
                                                          String transcript) {
        return Map.of("specversion", "1.0", "id", id, "source", "test-chat", "type", "test.feed-conversation",
                "time", java.time.Instant.now().toString(), "subject", conversation,
                "data", Map.of("person", person, "content", Map.of("transcript", transcript)));
    }

    private static Map<String, Object> callEvent(String id, String type, Map<String, Object> person) {
        return Map.of("specversion", "1.0", "id", id, "source", "test-phone-system", "type", type,
                "time", java.time.Instant.now().toString(), "data", Map.of("person", person));
    }

    private long snapshotCopies(String id) {
        String key = FeedRecords.key(id);
        return FeedTopicReader.all(bed.bootstrapServers(), properties.topics().people()).stream()
                .filter(p -> key.equals(p.key()) && p.value() != null && "snapshot".equals(p.value().path("origin").asText()))
                .count();
    }
}
