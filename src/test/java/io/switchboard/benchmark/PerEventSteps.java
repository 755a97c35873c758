package io.switchboard.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;

/**
 * The steps of the per-event baseline. The rules of config/rules.yaml are restated here in the few lines a
 * hand-written pipeline would have: spam dropped, email-only matching for web and campaign events, no new person
 * for page views, campaign engagement and outbound texts, Web as the source of form Leads.
 */
final class PerEventSteps {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final String STATE = "benchPerEvent";
    private static final Set<String> SPAM = Set.of("spam", "solicitor", "robocall");
    private static final Set<String> EMAIL_ONLY = Set.of("web.pageview", "web.form", "campaign.engagement");
    private static final Set<String> CREATES_NOTHING = Set.of("sms.outbound", "web.pageview", "campaign.engagement");
    private static final Set<String> TO_DO = Set.of("call.missed", "voicemail");

    /** What the steps learn about one record as it goes. */
    static final class State {
        JsonNode event;
        String id;
        String type;
        String email;
        String phone;
        String whoId;
        String whoObject;
        String createdLeadId;
        boolean contactQueried;
        boolean leadQueried;
    }

    void read(Exchange exchange) throws IOException {
        State s = new State();
        s.event = JSON.readTree(exchange.getMessage().getBody(String.class));
        s.id = s.event.path("id").asText();
        s.type = s.event.path("type").asText();
        JsonNode data = s.event.path("data");
        String email = data.path("person").path("email").asText("").trim().toLowerCase();
        s.email = email.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$") ? email : null;
        if (!EMAIL_ONLY.contains(s.type)) {
            s.phone = e164(firstText(data, "person.phone", "person.mobile",
                    "outbound".equals(data.path("call").path("direction").asText()) ? "call.toNumber" : "call.fromNumber"));
        }
        exchange.setProperty(STATE, s);
    }

    boolean isSpam(Exchange exchange) {
        return SPAM.contains(state(exchange).event.path("data").path("category").asText("").toLowerCase());
    }

    void skipped(Exchange exchange) throws IOException {
        outcome(exchange, "skipped-by-rule", "spam");
    }

    boolean shouldQueryContact(Exchange exchange) {
        State s = state(exchange);
        return s.email != null || s.phone != null;
    }

    void contactQuery(Exchange exchange) {
        State s = state(exchange);
        s.contactQueried = true;
        exchange.getMessage().setHeader("sObjectQuery", "SELECT Id FROM Contact WHERE " + where(s, "Email",
                List.of("Phone", "MobilePhone")) + " ORDER BY LastModifiedDate DESC LIMIT 1");
    }

    boolean shouldQueryLead(Exchange exchange) {
        State s = state(exchange);
        return s.whoId == null && (s.email != null || s.phone != null);
    }

    void leadQuery(Exchange exchange) {
        State s = state(exchange);
        s.leadQueried = true;
        exchange.getMessage().setHeader("sObjectQuery", "SELECT Id FROM Lead WHERE (" + where(s, "Email",
                List.of("Phone", "MobilePhone")) + ") AND IsConverted = false ORDER BY LastModifiedDate DESC LIMIT 1");
    }

    void readMatch(Exchange exchange) throws IOException {
        State s = state(exchange);
        JsonNode records = JSON.readTree(exchange.getMessage().getBody(String.class)).path("records");
        if (records.size() > 0) {
            s.whoId = records.get(0).path("Id").asText();
            s.whoObject = records.get(0).path("attributes").path("type").asText();
        }
    }

    boolean shouldCreateLead(Exchange exchange) {
        State s = state(exchange);
        return s.whoId == null && !CREATES_NOTHING.contains(s.type);
    }

    void newLead(Exchange exchange) throws IOException {
        State s = state(exchange);
        JsonNode person = s.event.path("data").path("person");
        String name = person.path("name").asText("");
        String last = person.path("lastName").asText(name.contains(" ") ? name.substring(name.lastIndexOf(' ') + 1) : name);
        Map<String, Object> lead = new LinkedHashMap<>();
        if (person.hasNonNull("firstName")) {
            lead.put("FirstName", person.path("firstName").asText());
        }
        lead.put("LastName", last.isBlank() ? "[not provided]" : last);
        lead.put("Company", person.path("company").asText(name.isBlank() ? "[not provided]" : name));
        lead.put("Email", s.email);
        lead.put("Phone", s.phone);
        lead.put("LeadSource", s.type.equals("web.form") ? "Web" : "Phone Inquiry");
        exchange.getMessage().setBody(JSON.writeValueAsString(lead));
    }

    void readCreatedLead(Exchange exchange) throws IOException {
        State s = state(exchange);
        s.whoId = JSON.readTree(exchange.getMessage().getBody(String.class)).path("id").asText();
        s.whoObject = "Lead";
        s.createdLeadId = s.whoId;
    }

    void newTask(Exchange exchange) throws IOException {
        State s = state(exchange);
        JsonNode data = s.event.path("data");
        Map<String, Object> task = new LinkedHashMap<>();
        String who = firstText(data, "person.name", "person.email", "person.phone", "call.fromNumber", "web.title");
        task.put("Subject", truncate(s.type + " with " + (who == null ? "unknown person" : who), 255));
        task.put("Status", TO_DO.contains(s.type) ? "Not Started" : "Completed");
        task.put("Description", firstText(data, "content.summary", "content.transcript", "content.message", "web.url"));
        if (s.whoId != null) {
            task.put("WhoId", s.whoId);
        }
        if (s.type.startsWith("call.") || s.type.equals("voicemail")) {
            task.put("TaskSubtype", "Call");
            task.put("CallType", "outbound".equals(data.path("call").path("direction").asText()) ? "Outbound" : "Inbound");
            task.put("CallDurationInSeconds", data.path("call").path("durationSeconds").asInt());
        }
        task.put("Switchboard_Event_Id__c", s.id);
        exchange.getMessage().setBody(JSON.writeValueAsString(task));
    }

    void delivered(Exchange exchange) throws IOException {
        outcome(exchange, "delivered", null);
    }

    void failed(Exchange exchange) throws IOException {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        outcome(exchange, "dead-lettered", e == null ? "unknown" : e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /** The outcome in the service's shape (as far as a benchmark reads it): decision, matched, records created. */
    private static void outcome(Exchange exchange, String decision, String reason) throws IOException {
        State s = exchange.getProperty(STATE, State.class);
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("eventId", s == null ? null : s.id);
        outcome.put("type", s == null ? null : s.type);
        outcome.put("decision", decision);
        if (reason != null) {
            outcome.put("reason", reason);
        }
        if (s != null && s.whoId != null && s.createdLeadId == null) {
            outcome.put("matched", Map.of("object", s.whoObject, "id", s.whoId));
        }
        if (s != null && s.createdLeadId != null) {
            outcome.put("records", List.of(Map.of("object", "Lead", "id", s.createdLeadId, "action", "created")));
        }
        exchange.getMessage().setBody(JSON.writeValueAsString(outcome));
    }

    private static State state(Exchange exchange) {
        return exchange.getProperty(STATE, State.class);
    }

    /** Email, or the number in the formats people type it in (SOQL compares phone fields as text). */
    private static String where(State s, String emailField, List<String> phoneFields) {
        List<String> parts = new ArrayList<>();
        if (s.email != null) {
            parts.add(emailField + " = " + quote(s.email));
        }
        if (s.phone != null) {
            String formats = phoneFormats(s.phone).stream().map(PerEventSteps::quote).collect(Collectors.joining(", "));
            phoneFields.forEach(f -> parts.add(f + " IN (" + formats + ")"));
        }
        return String.join(" OR ", parts);
    }

    static List<String> phoneFormats(String e164) {
        if (!e164.startsWith("+1") || e164.length() != 12) {
            return List.of(e164);
        }
        String d = e164.substring(2);
        String area = d.substring(0, 3);
        String exchange = d.substring(3, 6);
        String line = d.substring(6);
        return List.of(e164, d, "(" + area + ") " + exchange + "-" + line, area + "-" + exchange + "-" + line,
                area + "." + exchange + "." + line, "+1 " + area + " " + exchange + " " + line,
                "+1 " + area + "-" + exchange + "-" + line);
    }

    private static String e164(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            var number = PHONES.parse(text, "US");
            return PHONES.isValidNumber(number) ? PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static String firstText(JsonNode data, String... paths) {
        for (String path : paths) {
            JsonNode node = data;
            for (String part : path.split("\\.")) {
                node = node.path(part);
            }
            if (node.isValueNode() && !node.asText().isBlank()) {
                return node.asText();
            }
        }
        return null;
    }

    private static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
