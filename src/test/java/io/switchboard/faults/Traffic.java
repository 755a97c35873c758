package io.switchboard.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.emulator.Org;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * One scenario's traffic: ordinary interaction events of people no other scenario names (their own email domain,
 * their own phone numbers, their own CloudEvents source, so their activity keys are their own), with what each
 * record must end as, plus two records that cannot be delivered. Each person's events share a key, so they stay on
 * one partition and in order.
 */
final class Traffic {

    enum Decision {
        DELIVERED("delivered"), SKIPPED("skipped-by-rule"), DEAD_LETTERED("dead-lettered");

        final String wire;

        Decision(String wire) {
            this.wire = wire;
        }
    }

    /** A person the traffic names: who they are to Salesforce, and how many records of them must exist after it. */
    record Identity(String field, String value, int expectedPeople, boolean seeded) {

        /** Whether the service creates this person (not in the org before, and not skipped by a rule). */
        boolean createdByService() {
            return expectedPeople == 1 && !seeded;
        }
    }

    /** One record to publish, and what it must end as. */
    record Planned(String topic, String key, byte[] value, String eventId, Decision expected, String activityKey,
                   Identity identity) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] AREA_CODES = {202, 206, 212, 213, 303, 305, 312, 404, 415, 512, 617, 646, 702, 718};

    final String tag;
    final String source;
    final String domain;
    final List<Planned> records = new ArrayList<>();
    final List<Identity> identities = new ArrayList<>();
    private final Random random;
    private final String callsTopic;
    private final String webTopic;
    private Instant clock = Instant.parse("2026-11-20T15:00:00Z");
    private int sequence;

    private Traffic(String tag, String callsTopic, String webTopic) {
        this.tag = tag;
        this.source = "faults-" + tag;
        this.domain = tag + ".example.com";
        this.callsTopic = callsTopic;
        this.webTopic = webTopic;
        this.random = new Random(tag.hashCode());
    }

    /**
     * About {@code 2 * people} events: new callers by email (Leads created), callers known only by phone, chats of
     * three updates each (one Task), known Contacts (seeded into the org now), web forms followed by a call, spam
     * (skipped); and one unparseable record and one of an unknown type (dead-lettered).
     */
    static Traffic mixed(String scenario, int people, Org org, String callsTopic, String webTopic) {
        Traffic traffic = new Traffic(scenario + "-" + UUID.randomUUID().toString().substring(0, 6), callsTopic, webTopic);
        for (int n = 0; n < people; n++) {
            switch (n % 6) {
                case 0 -> traffic.newCaller(n);
                case 1 -> traffic.phoneOnlyCaller(n);
                case 2 -> traffic.chat(n);
                case 3 -> traffic.knownContact(n, org);
                case 4 -> traffic.formThenCall(n);
                default -> traffic.spam(n);
            }
        }
        traffic.undeliverable();
        return traffic;
    }

    /** The records in {@code count} consecutive parts of about equal size (each person's events keep their order). */
    List<List<Planned>> waves(int count) {
        List<List<Planned>> waves = new ArrayList<>();
        int size = (records.size() + count - 1) / count;
        for (int from = 0; from < records.size(); from += size) {
            waves.add(records.subList(from, Math.min(records.size(), from + size)));
        }
        return waves;
    }

    /** How many records this traffic publishes. */
    int size() {
        return records.size();
    }

    long expectedDelivered() {
        return records.stream().filter(r -> r.expected() == Decision.DELIVERED).count();
    }

    private void newCaller(int n) {
        Identity who = identity("Email", email(n), 1);
        Map<String, Object> person = Map.of("email", who.value(), "firstName", "Caller", "lastName", "New" + n);
        add(callsTopic, who, "call.inbound", "call-" + id(), Map.of("person", person,
                "call", Map.of("direction", "inbound", "answered", true, "durationSeconds", 60 + n)));
        add(callsTopic, who, "call.outbound", "call-" + id(), Map.of("person", person,
                "call", Map.of("direction", "outbound", "answered", true, "durationSeconds", 30 + n)));
    }

    private void phoneOnlyCaller(int n) {
        Identity who = identity("Phone", phone(), 1);
        Map<String, Object> person = Map.of("phone", who.value());
        add(callsTopic, who, "call.missed", "call-" + id(), Map.of("person", person,
                "call", Map.of("direction", "inbound", "answered", false, "fromNumber", who.value())));
        add(callsTopic, who, "voicemail", "call-" + id(), Map.of("person", person,
                "call", Map.of("direction", "inbound", "fromNumber", who.value()),
                "content", Map.of("transcript", "Please call me back, caller " + n)));
    }

    private void chat(int n) {
        Identity who = identity("Email", email(n), 1);
        String conversation = "chat-" + id();
        StringBuilder transcript = new StringBuilder();
        for (int update = 0; update < 3; update++) {
            transcript.append("visitor: line ").append(update).append('\n');
            add(webTopic, who, "conversation.updated", conversation, Map.of(
                    "person", Map.of("email", who.value(), "lastName", "Chat" + n),
                    "content", Map.of("transcript", transcript.toString(), "summary", "update " + update)));
        }
    }

    private void knownContact(int n, Org org) {
        Identity who = identity("Email", email(n), 1, true);
        org.insert("Contact", Map.of("FirstName", "Known", "LastName", "Contact" + n, "Email", who.value()));
        Map<String, Object> person = Map.of("email", who.value(), "lastName", "Contact" + n);
        add(callsTopic, who, "call.inbound", "call-" + id(), Map.of("person", person,
                "call", Map.of("direction", "inbound", "answered", true, "durationSeconds", 120)));
        add(callsTopic, who, "sms.inbound", null, Map.of("person", person,
                "content", Map.of("message", "Thanks for the call")));
    }

    private void formThenCall(int n) {
        Identity who = identity("Email", email(n), 1);
        Map<String, Object> person = Map.of("email", who.value(), "lastName", "Form" + n, "company", "Form Co " + n);
        add(webTopic, who, "web.form", null, Map.of("person", person,
                "web", Map.of("url", "https://example.com/contact", "formName", "Contact us")));
        add(callsTopic, who, "call.inbound", "call-" + id(), Map.of("person", person,
                "call", Map.of("direction", "inbound", "answered", true, "durationSeconds", 45)));
    }

    private void spam(int n) {
        Identity who = identity("Email", email(n), 0);
        add(callsTopic, who, "call.inbound", "call-" + id(), Map.of(
                "person", Map.of("email", who.value(), "lastName", "Spammer" + n), "category", "Spam",
                "call", Map.of("direction", "inbound", "durationSeconds", 12)));
    }

    private void undeliverable() {
        String truncated = "{\"specversion\":\"1.0\",\"id\":\"" + source + "-broken\",\"source\":\"" + source + "\",\"type\":";
        records.add(new Planned(callsTopic, "broken-" + tag, truncated.getBytes(StandardCharsets.UTF_8), null,
                Decision.DEAD_LETTERED, null, null));
        String id = source + "-unknown-type";
        Map<String, Object> event = envelope(id, "faults.no-such-type", null,
                Map.of("person", Map.of("email", "unknown-type@" + domain)));
        records.add(new Planned(callsTopic, "unknown-type@" + domain, json(event), id, Decision.DEAD_LETTERED, null, null));
    }

    private void add(String topic, Identity who, String type, String subject, Map<String, Object> data) {
        String id = source + "-" + (++sequence);
        boolean spam = "Spam".equals(data.get("category"));
        String activityKey = spam ? null : source + ":" + (subject == null ? id : subject);
        records.add(new Planned(topic, who.value(), json(envelope(id, type, subject, data)), id,
                spam ? Decision.SKIPPED : Decision.DELIVERED, activityKey, who));
    }

    private Map<String, Object> envelope(String id, String type, String subject, Map<String, Object> data) {
        clock = clock.plusSeconds(7);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", source);
        event.put("type", type);
        event.put("time", clock.toString());
        if (subject != null) {
            event.put("subject", subject);
        }
        event.put("data", data);
        return event;
    }

    private Identity identity(String field, String value, int expectedPeople) {
        return identity(field, value, expectedPeople, false);
    }

    private Identity identity(String field, String value, int expectedPeople, boolean seeded) {
        Identity identity = new Identity(field, value, expectedPeople, seeded);
        identities.add(identity);
        return identity;
    }

    private String email(int n) {
        return "person" + n + "@" + domain;
    }

    /** A valid US number (a real area code; exchange 2-9, not N11), in E.164 as the service writes it. */
    private String phone() {
        int area = AREA_CODES[random.nextInt(AREA_CODES.length)];
        int exchange = 200 + random.nextInt(800);
        while (exchange % 100 == 11 || exchange == 555) {
            exchange = 200 + random.nextInt(800);
        }
        return String.format("+1%03d%03d%04d", area, exchange, random.nextInt(10_000));
    }

    private String id() {
        return tag + "-" + (sequence + 1) + "-" + random.nextInt(1_000_000);
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
