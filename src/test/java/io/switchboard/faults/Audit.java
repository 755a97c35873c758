package io.switchboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.emulator.Org;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;

/**
 * What must hold after every scenario, read from the emulated org and the topics: exactly one activity per
 * activity key, one person per identity, every record with its outcome (and a dead letter with a reason where the
 * outcome says so), nothing committed without its outcome, and nothing left uncommitted.
 */
final class Audit implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A record's place in the log. */
    record Coordinates(String topic, int partition, long offset) {
    }

    private final FaultBed bed;
    private final FaultBed.Topics topics;
    private final TopicLog outcomes;
    private final TopicLog deadLetters;
    private final List<TopicLog> inputs = new ArrayList<>();

    Audit(FaultBed bed, FaultBed.Topics topics) {
        this.bed = bed;
        this.topics = topics;
        this.outcomes = new TopicLog(bed.bootstrapServers(), topics.outcomes());
        this.deadLetters = new TopicLog(bed.bootstrapServers(), topics.dlq());
        for (String input : topics.inputs()) {
            inputs.add(new TopicLog(bed.bootstrapServers(), input));
        }
    }

    /** Every outcome published so far, by the coordinates of the record it is about. */
    Map<Coordinates, List<JsonNode>> outcomesByRecord() {
        Map<Coordinates, List<JsonNode>> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : outcomes.catchUp()) {
            JsonNode outcome = read(record.value());
            JsonNode origin = outcome.path("origin");
            out.computeIfAbsent(new Coordinates(origin.path("topic").asText(), origin.path("partition").asInt(),
                    origin.path("offset").asLong()), k -> new ArrayList<>()).add(outcome);
        }
        return out;
    }

    /** How many of these records have an outcome by now. */
    long withOutcome(List<FaultBed.Sent> sent) {
        Set<Coordinates> done = outcomesByRecord().keySet();
        return sent.stream().filter(s -> done.contains(at(s))).count();
    }

    /** Waits until every record of the scenario has at least one outcome. */
    void awaitOutcomes(List<FaultBed.Sent> sent, Duration atMost) {
        Awaitility.await("an outcome for each of " + sent.size() + " records").atMost(atMost)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> withOutcome(sent), n -> n == sent.size());
    }

    /**
     * Nothing committed without its outcome: every record of the input topics below the group's committed offset
     * has an outcome already on the outcome topic. Sharpest right after a kill -9, when nothing more can follow.
     */
    void nothingCommittedWithoutItsOutcome() {
        Map<TopicPartition, Long> committed = bed.committed(topics.group());
        Map<Coordinates, List<JsonNode>> byRecord = outcomesByRecord();
        List<String> missing = new ArrayList<>();
        for (TopicLog input : inputs) {
            for (ConsumerRecord<String, byte[]> record : input.catchUp()) {
                long next = committed.getOrDefault(new TopicPartition(record.topic(), record.partition()), 0L);
                if (record.offset() < next && !byRecord.containsKey(at(record))) {
                    missing.add(record.topic() + "-" + record.partition() + "@" + record.offset());
                }
            }
        }
        assertThat(missing).as("records committed (offsets " + committed + ") without an outcome").isEmpty();
    }

    /** The group's committed offsets reach the end of every input partition: nothing is left waiting. */
    void awaitEverythingCommitted(Duration atMost) {
        Awaitility.await("the group commits every input record").atMost(atMost).pollInterval(Duration.ofMillis(250))
                .until(this::uncommitted, Map::isEmpty);
    }

    /** Partitions whose committed offset is short of their end: partition to "committed/end". */
    Map<String, String> uncommitted() {
        Map<TopicPartition, Long> committed = bed.committed(topics.group());
        Map<String, String> behind = new TreeMap<>();
        for (TopicLog input : inputs) {
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : input.catchUp()) {
                ends.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
            }
            ends.forEach((tp, end) -> {
                long at = committed.getOrDefault(tp, 0L);
                if (at < end) {
                    behind.put(tp.toString(), at + "/" + end);
                }
            });
        }
        return behind;
    }

    /**
     * The full audit of one scenario's records, once they all have outcomes: their outcomes and dead letters,
     * their activities and people in the org, and the commits of the whole deployment.
     */
    void verify(Traffic traffic, List<FaultBed.Sent> sent) {
        SoftAssertions soft = new SoftAssertions();
        Map<Coordinates, List<JsonNode>> byRecord = outcomesByRecord();
        Map<Coordinates, List<Map<String, String>>> letters = deadLettersByRecord();

        // every record: an outcome, the expected one each time it was published again; a dead letter with a reason
        for (FaultBed.Sent s : sent) {
            Coordinates where = at(s);
            List<JsonNode> found = byRecord.getOrDefault(where, List.of());
            String what = where + " " + (s.planned().eventId() == null ? "(unparseable)" : s.planned().eventId());
            soft.assertThat(found).as("outcomes of " + what).isNotEmpty();
            for (JsonNode outcome : found) {
                soft.assertThat(outcome.path("decision").asText()).as("decision of " + what + ": " + outcome)
                        .isEqualTo(s.planned().expected().wire);
                if (s.planned().eventId() != null) {
                    soft.assertThat(outcome.path("eventId").asText()).as("eventId of " + what).isEqualTo(s.planned().eventId());
                }
            }
            List<Map<String, String>> dead = letters.getOrDefault(where, List.of());
            if (s.planned().expected() == Traffic.Decision.DEAD_LETTERED) {
                soft.assertThat(dead).as("dead letters of " + what).isNotEmpty();
                for (Map<String, String> headers : dead) {
                    soft.assertThat(headers.get("switchboard.error.code")).as("error code of " + what).isNotBlank();
                    soft.assertThat(headers.get("switchboard.error.message")).as("error message of " + what).isNotBlank();
                }
                for (JsonNode outcome : found) {
                    soft.assertThat(outcome.path("reason").asText()).as("reason of " + what).isNotBlank();
                }
            } else {
                soft.assertThat(dead).as("dead letters of " + what + ", which must be " + s.planned().expected().wire)
                        .isEmpty();
            }
        }

        // exactly one activity per activity key, none that no event asked for
        Org org = bed.salesforce().org();
        Map<String, List<Map<String, Object>>> activities = new LinkedHashMap<>();
        for (String object : List.of("Task", "Event")) {
            for (Map<String, Object> row : org.query("SELECT Id, WhoId, Switchboard_Event_Id__c FROM " + object
                    + " WHERE Switchboard_Event_Id__c LIKE '" + traffic.source + ":%'")) {
                activities.computeIfAbsent((String) row.get("Switchboard_Event_Id__c"), k -> new ArrayList<>())
                        .add(withObject(row, object));
            }
        }
        Map<String, Traffic.Identity> keyOwners = new LinkedHashMap<>();
        for (Traffic.Planned planned : traffic.records) {
            if (planned.activityKey() != null) {
                keyOwners.put(planned.activityKey(), planned.identity());
            }
        }
        soft.assertThat(activities.keySet()).as("activity keys in the org").containsExactlyInAnyOrderElementsOf(keyOwners.keySet());
        activities.forEach((key, rows) -> soft.assertThat(rows).as("activities keyed " + key).hasSize(1));

        // one person per identity the events named (none for those a rule skipped), and the activities on them
        Map<String, String> personOf = new HashMap<>();
        for (Traffic.Identity identity : traffic.identities) {
            List<Map<String, Object>> people = people(org, identity);
            soft.assertThat(people).as("people with " + identity.field() + " " + identity.value())
                    .hasSize(identity.expectedPeople());
            if (people.size() == 1) {
                personOf.put(identity.value(), (String) people.get(0).get("Id"));
            }
        }
        // and no activity on them beside the keyed ones (an unkeyed duplicate would show here)
        for (Traffic.Identity identity : traffic.identities) {
            String person = personOf.get(identity.value());
            if (person == null) {
                continue;
            }
            long keys = keyOwners.values().stream().filter(identity::equals).count();
            int onPerson = 0;
            for (String object : List.of("Task", "Event")) {
                onPerson += org.query("SELECT Id FROM " + object + " WHERE WhoId = '" + person + "'").size();
            }
            soft.assertThat(onPerson).as("activities on the person with " + identity.value()).isEqualTo((int) keys);
        }
        activities.forEach((key, rows) -> {
            Traffic.Identity owner = keyOwners.get(key);
            if (owner != null && personOf.containsKey(owner.value())) {
                for (Map<String, Object> row : rows) {
                    soft.assertThat(row.get("WhoId")).as("the person of activity " + key).isEqualTo(personOf.get(owner.value()));
                }
            }
        });
        soft.assertAll();

        nothingCommittedWithoutItsOutcome();
        Map<Coordinates, List<JsonNode>> now = outcomesByRecord();
        List<String> without = new ArrayList<>();
        for (TopicLog input : inputs) {
            for (ConsumerRecord<String, byte[]> record : input.catchUp()) {
                if (!now.containsKey(at(record))) {
                    without.add(at(record).toString());
                }
            }
        }
        assertThat(without).as("input records of this deployment without an outcome").isEmpty();
    }

    /** Activities per key for these keys: key to count of Tasks and Events. */
    Map<String, Integer> activityCounts(Traffic traffic) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String object : List.of("Task", "Event")) {
            for (Map<String, Object> row : bed.salesforce().org().query("SELECT Id, Switchboard_Event_Id__c FROM "
                    + object + " WHERE Switchboard_Event_Id__c LIKE '" + traffic.source + ":%'")) {
                counts.merge((String) row.get("Switchboard_Event_Id__c"), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The Leads and Contacts that carry this identity. */
    static List<Map<String, Object>> people(Org org, Traffic.Identity identity) {
        List<Map<String, Object>> people = new ArrayList<>();
        for (String object : List.of("Lead", "Contact")) {
            String where = identity.field().equals("Phone")
                    ? "Phone = '" + identity.value() + "' OR MobilePhone = '" + identity.value() + "'"
                    : "Email = '" + identity.value() + "'";
            people.addAll(org.query("SELECT Id FROM " + object + " WHERE " + where));
        }
        return people;
    }

    private Map<Coordinates, List<Map<String, String>>> deadLettersByRecord() {
        Map<Coordinates, List<Map<String, String>>> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : deadLetters.catchUp()) {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : record.headers()) {
                headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
            try {
                Coordinates original = new Coordinates(headers.get("switchboard.original.topic"),
                        Integer.parseInt(headers.get("switchboard.original.partition")),
                        Long.parseLong(headers.get("switchboard.original.offset")));
                out.computeIfAbsent(original, k -> new ArrayList<>()).add(headers);
            } catch (RuntimeException noCoordinates) {
                out.computeIfAbsent(new Coordinates("?", -1, record.offset()), k -> new ArrayList<>()).add(headers);
            }
        }
        return out;
    }

    private static Map<String, Object> withObject(Map<String, Object> row, String object) {
        Map<String, Object> copy = new LinkedHashMap<>(row);
        copy.put("object", object);
        return copy;
    }

    static Coordinates at(FaultBed.Sent s) {
        return new Coordinates(s.topic(), s.partition(), s.offset());
    }

    private static Coordinates at(ConsumerRecord<?, ?> record) {
        return new Coordinates(record.topic(), record.partition(), record.offset());
    }

    private static JsonNode read(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** Counts of the decisions in the outcomes of these records, for messages. */
    String summary(List<FaultBed.Sent> sent) {
        Map<Coordinates, List<JsonNode>> byRecord = outcomesByRecord();
        return sent.stream().flatMap(s -> byRecord.getOrDefault(at(s), List.of()).stream())
                .collect(Collectors.groupingBy(o -> o.path("decision").asText(), TreeMap::new, Collectors.counting()))
                .toString();
    }

    @Override
    public void close() {
        outcomes.close();
        deadLetters.close();
        inputs.forEach(TopicLog::close);
    }
}
