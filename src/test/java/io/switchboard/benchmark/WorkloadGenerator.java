package io.switchboard.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The mixed workload, the same for every scenario: a fixed seed gives the same events in the same order.
 *
 * <p>Mix (share of new interactions): inbound, outbound and missed calls and voicemails (~37%), SMS (~8%), chat or
 * AI-agent conversations (~5% of starts, but each sends 2 to 5 transcript updates, so ~17% of the events), page
 * views (~16%, most of them anonymous), web forms (~6%, mostly new people), campaign engagement (~5%) and spam
 * (~8%: robocalls, solicitors, spam texts, which the rules drop). People: half the picks are seeded Contacts, a
 * fifth seeded Leads, the rest unknown to the org; a quarter of the picks repeat someone seen recently, so an
 * unknown caller's second call finds the Lead their first call created.
 */
final class WorkloadGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-11-20T09:00:00Z");
    private static final String AGENT_EMAIL = "agent@switchboard.local";
    private static final String[] SPAM_CATEGORIES = {"Spam", "Robocall", "Solicitor"};
    private static final String[] SENTENCES = {
        "Customer asked about pricing for the premium plan.", "They want a call back tomorrow morning.",
        "Issue with the last invoice; the amount looks doubled.", "Interested in a demo for their team of twelve.",
        "Asked whether the integration supports single sign-on.", "Renewal is due next month; wants a discount.",
        "Reported that the mobile app crashes on login.", "Confirmed the delivery address and the order number.",
        "Would like to add three more seats.", "Asked to be removed from the newsletter but keep invoices."};

    private enum Kind {
        CALL_INBOUND(20), CALL_OUTBOUND(7), CALL_MISSED(6), VOICEMAIL(4), SMS_INBOUND(5), SMS_OUTBOUND(3),
        CONVERSATION(5), PAGEVIEW(16), FORM(6), CAMPAIGN(5), SPAM(8);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    /** A conversation's later transcript update, due at a later position of the stream. */
    private record Pending(int due, long order, Conversation conversation) {
    }

    private static final class Conversation {
        final String id;
        final Person person;
        final boolean byEmail;
        final int updates;
        int sent;
        final StringBuilder transcript = new StringBuilder();

        Conversation(String id, Person person, boolean byEmail, int updates) {
            this.id = id;
            this.person = person;
            this.byEmail = byEmail;
            this.updates = updates;
        }
    }

    private final Population population;
    private final List<String> campaignIds;
    private final List<Person> unknownPool;
    private final String idPrefix;
    private final Random random;
    private final List<Person> recent = new ArrayList<>();
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(
            (a, b) -> a.due() != b.due() ? Integer.compare(a.due(), b.due()) : Long.compare(a.order(), b.order()));
    private long order;

    private WorkloadGenerator(Population population, List<String> campaignIds, List<Person> unknownPool,
                              String idPrefix, long seed) {
        this.population = population;
        this.campaignIds = campaignIds;
        this.unknownPool = unknownPool;
        this.idPrefix = idPrefix;
        this.random = new Random(seed);
    }

    /** The measured workload; campaign events name the seeded Campaigns by id. */
    static List<WorkloadEvent> workload(Population population, List<String> campaignIds, long seed, int events) {
        return new WorkloadGenerator(population, campaignIds, population.unknown(), "bench", seed).generate(events);
    }

    /** Warm-up events: the same mix, other ids, and unknown people of their own. */
    static List<WorkloadEvent> warmup(Population population, List<String> campaignIds, long seed, int events) {
        return new WorkloadGenerator(population, campaignIds, population.warmupUnknown(), "warmup", seed + 1)
                .generate(events);
    }

    private List<WorkloadEvent> generate(int count) {
        List<WorkloadEvent> out = new ArrayList<>(count);
        for (int position = 0; position < count; position++) {
            Pending next = pending.peek();
            if (next != null && next.due() <= position) {
                pending.poll();
                out.add(conversationUpdate(position, next.conversation()));
            } else {
                out.add(newInteraction(position));
            }
        }
        return out;
    }

    private WorkloadEvent newInteraction(int position) {
        Kind kind = pickKind();
        return switch (kind) {
            case CALL_INBOUND, CALL_MISSED, VOICEMAIL, CALL_OUTBOUND -> call(position, kind, person(false));
            case SMS_INBOUND, SMS_OUTBOUND -> sms(position, kind, person(false));
            case CONVERSATION -> startConversation(position);
            case PAGEVIEW -> pageview(position);
            case FORM -> form(position);
            case CAMPAIGN -> campaign(position);
            case SPAM -> spam(position);
        };
    }

    private Kind pickKind() {
        int total = 0;
        for (Kind k : Kind.values()) {
            total += k.weight;
        }
        int roll = random.nextInt(total);
        for (Kind k : Kind.values()) {
            roll -= k.weight;
            if (roll < 0) {
                return k;
            }
        }
        throw new IllegalStateException("weights");
    }

    /** Someone to interact with: often a recent person again, else a Contact, a Lead or someone new. */
    private Person person(boolean mostlyNew) {
        Person chosen;
        if (!recent.isEmpty() && random.nextInt(4) == 0) {
            chosen = recent.get(random.nextInt(recent.size()));
        } else {
            int roll = random.nextInt(10);
            if (mostlyNew ? roll < 7 : roll < 3) {
                chosen = unknownPool.get(random.nextInt(unknownPool.size()));
            } else if (roll < (mostlyNew ? 9 : 8)) {
                chosen = population.contacts().get(random.nextInt(population.contacts().size()));
            } else {
                chosen = population.leads().get(random.nextInt(population.leads().size()));
            }
        }
        if (recent.size() < 500) {
            recent.add(chosen);
        } else {
            recent.set(random.nextInt(recent.size()), chosen);
        }
        return chosen;
    }

    private WorkloadEvent call(int position, Kind kind, Person person) {
        String type = switch (kind) {
            case CALL_OUTBOUND -> "call.outbound";
            case CALL_MISSED -> "call.missed";
            case VOICEMAIL -> "voicemail";
            default -> "call.inbound";
        };
        boolean outbound = kind == Kind.CALL_OUTBOUND;
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("direction", outbound ? "outbound" : "inbound");
        call.put("answered", kind == Kind.CALL_INBOUND || kind == Kind.CALL_OUTBOUND);
        call.put("durationSeconds", kind == Kind.CALL_MISSED ? 0 : 20 + random.nextInt(900));
        call.put(outbound ? "toNumber" : "fromNumber", spokenNumber(person));
        call.put(outbound ? "fromNumber" : "toNumber", "+14155550100");
        Map<String, Object> data = new LinkedHashMap<>();
        // Phone systems know the caller's name and email only when their own CRM sync does.
        if (random.nextInt(100) < 35) {
            data.put("person", Map.of("name", person.name(), "email", person.email(), "phone", person.phone()));
        }
        data.put("call", call);
        data.put("agent", Map.of("email", AGENT_EMAIL, "name", "Ann Agent"));
        data.put("category", random.nextInt(3) == 0 ? "New client inquiry" : "Existing client");
        if (kind == Kind.VOICEMAIL) {
            call.put("recordingUrl", "https://recordings.example.com/" + idPrefix + "-" + position + ".mp3");
            data.put("content", Map.of("transcript", sentences(2 + random.nextInt(3))));
        } else if (kind != Kind.CALL_MISSED && random.nextBoolean()) {
            data.put("content", Map.of("summary", sentences(1 + random.nextInt(2)), "sentiment", "neutral"));
        }
        return event(position, "calls", type, "aircall", "call-" + idPrefix + "-" + position, person.phone(), data);
    }

    private WorkloadEvent sms(int position, Kind kind, Person person) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("person", Map.of("phone", spokenNumber(person)));
        data.put("content", Map.of("message", sentences(1)));
        if (kind == Kind.SMS_OUTBOUND) {
            data.put("agent", Map.of("email", AGENT_EMAIL, "name", "Ann Agent"));
        }
        String type = kind == Kind.SMS_OUTBOUND ? "sms.outbound" : "sms.inbound";
        return event(position, "calls", type, "twilio", null, person.phone(), data);
    }

    private WorkloadEvent startConversation(int position) {
        Person person = person(false);
        Conversation c = new Conversation("conv-" + idPrefix + "-" + position, person, random.nextInt(5) != 0,
                2 + random.nextInt(4));
        return conversationUpdate(position, c);
    }

    /** Emits the conversation's next update; schedules the one after it a few to a few dozen events later. */
    private WorkloadEvent conversationUpdate(int position, Conversation c) {
        c.sent++;
        c.transcript.append(c.sent % 2 == 1 ? "Customer: " : "Agent: ").append(sentences(1 + random.nextInt(3))).append('\n');
        Map<String, Object> person = new LinkedHashMap<>();
        if (c.byEmail) {
            person.put("name", c.person.name());
            person.put("email", c.person.email());
        } else {
            person.put("phone", c.person.phone());
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("transcript", c.transcript.toString());
        if (c.sent == c.updates) {
            content.put("summary", sentences(1));
            content.put("sentiment", random.nextBoolean() ? "positive" : "neutral");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("person", person);
        data.put("agent", Map.of("email", AGENT_EMAIL, "name", "Ann Agent"));
        data.put("content", content);
        if (c.sent < c.updates) {
            pending.add(new Pending(position + 3 + random.nextInt(40), order++, c));
        }
        String key = c.byEmail ? c.person.email() : c.person.phone();
        return event(position, "conversations", "conversation.updated", "ai-agent", c.id, key, data,
                c.id + "-update-" + c.sent);
    }

    private WorkloadEvent pageview(int position) {
        Map<String, Object> data = new LinkedHashMap<>();
        String key;
        // Most page views come from visitors the tracker cannot identify.
        if (random.nextInt(10) < 6) {
            key = "visitor-" + random.nextInt(20_000);
        } else {
            Person person = person(false);
            data.put("person", Map.of("email", person.email()));
            key = person.email();
        }
        String page = new String[] {"pricing", "docs/getting-started", "blog/switchboard-4-0", "contact", "careers"}[random.nextInt(5)];
        data.put("web", Map.of("url", "https://www.example.com/" + page, "title", "Example - " + page,
                "referrer", "https://www.google.com/", "durationSeconds", 5 + random.nextInt(300)));
        return event(position, "web", "web.pageview", "web-tracker", null, key, data);
    }

    private WorkloadEvent form(int position) {
        Person person = person(true);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("person", Map.of("firstName", person.firstName(), "lastName", person.lastName(),
                "email", person.email(), "phone", person.phone(), "company", person.company()));
        data.put("web", Map.of("url", "https://www.example.com/contact", "formName", "Contact us",
                "formFields", Map.of("message", sentences(1), "budget", 1000 * (1 + random.nextInt(50)))));
        return event(position, "web", "web.form", "web-forms", null, person.email(), data);
    }

    private WorkloadEvent campaign(int position) {
        Person person = person(false);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("person", Map.of("email", person.email()));
        // CampaignMember statuses of the org: Received for an opened email, Responded for a click
        data.put("web", Map.of("campaignId", campaignIds.get(random.nextInt(campaignIds.size())),
                "campaignStatus", random.nextBoolean() ? "Received" : "Responded"));
        return event(position, "web", "campaign.engagement", "marketing", null, person.email(), data);
    }

    /** Robocalls and solicitors from numbers nobody knows; a third arrive as texts. */
    private WorkloadEvent spam(int position) {
        String number = Population.e164(900_000 + random.nextInt(50_000));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("category", SPAM_CATEGORIES[random.nextInt(SPAM_CATEGORIES.length)]);
        if (random.nextInt(3) == 0) {
            data.put("person", Map.of("phone", number));
            data.put("content", Map.of("message", "You have won a cruise! Reply YES."));
            return event(position, "calls", "sms.inbound", "twilio", null, number, data);
        }
        data.put("call", Map.of("direction", "inbound", "answered", false, "durationSeconds", 0, "fromNumber", number));
        return event(position, "calls", "call.inbound", "aircall", "call-" + idPrefix + "-" + position, number, data);
    }

    /** Numbers as phone systems send them: mostly E.164, sometimes national format. */
    private String spokenNumber(Person person) {
        return random.nextInt(4) == 0 ? Population.national(person.phone()) : person.phone();
    }

    private String sentences(int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : " ").append(SENTENCES[random.nextInt(SENTENCES.length)]);
        }
        return out.toString();
    }

    private WorkloadEvent event(int position, String topic, String type, String source, String subject, String key,
                                Map<String, Object> data) {
        return event(position, topic, type, source, subject, key, data, idPrefix + "-" + position + "-" + type);
    }

    private WorkloadEvent event(int position, String topic, String type, String source, String subject, String key,
                                Map<String, Object> data, String id) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("specversion", "1.0");
        envelope.put("id", id);
        envelope.put("source", source);
        envelope.put("type", type);
        envelope.put("time", START.plusSeconds(position).toString());
        if (subject != null) {
            envelope.put("subject", subject);
        }
        envelope.put("data", data);
        String kind = isSpam(data) ? "spam" : type;
        try {
            return new WorkloadEvent(id, topic, key, JSON.writeValueAsBytes(envelope), kind);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isSpam(Map<String, Object> data) {
        Object category = data.get("category");
        for (String s : SPAM_CATEGORIES) {
            if (s.equals(category)) {
                return true;
            }
        }
        return false;
    }
}
