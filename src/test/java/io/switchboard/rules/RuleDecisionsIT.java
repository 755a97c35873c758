package io.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each kind of rule decision, end to end over Kafka and the emulated org (rules: src/test/resources/rules). */
class RuleDecisionsIT extends EndToEndTest {

    private JsonNode send(String type, String time, Map<String, Object> data) {
        String id = unique("evt");
        Map<String, Object> event = new HashMap<>(event(id, type, data));
        event.put("time", time);
        publish(TestBed.CALLS, id, event);
        return awaitOutcome(id);
    }

    private static Map<String, Object> person(String email) {
        return Map.of("person", Map.of("email", email, "lastName", "Tester"));
    }

    @Test
    void outsideBusinessHoursIsSkippedInTheRuleZoneAndOnHolidays() {
        // Saturday 10:00 in New York
        JsonNode weekend = send("test.after-hours-skip", "2026-11-21T15:00:00Z", person(unique("we") + "@example.com"));
        assertThat(weekend.path("decision").asText()).isEqualTo("skipped-by-rule");
        assertThat(weekend.path("reason").asText()).contains("outside business hours");
        // Christmas, a Friday, 10:00 in New York
        JsonNode holiday = send("test.after-hours-skip", "2026-12-25T15:00:00Z", person(unique("xmas") + "@example.com"));
        assertThat(holiday.path("reason").asText()).contains("holiday 2026-12-25");
        // Friday 10:00 in New York
        JsonNode open = send("test.after-hours-skip", "2026-11-20T15:00:00Z", person(unique("open") + "@example.com"));
        assertThat(open.path("decision").asText()).isEqualTo("delivered");
        assertThat(open.path("notes").toString()).contains("within business hours");
    }

    @Test
    void daylightSavingMovesTheHoursWithTheClock() {
        // 13:30 UTC is 08:30 in New York before the change (EST, closed) and 09:30 after it (EDT, open).
        JsonNode before = send("test.after-hours-skip", "2026-03-06T13:30:00Z", person(unique("est") + "@example.com"));
        JsonNode after = send("test.after-hours-skip", "2026-03-09T13:30:00Z", person(unique("edt") + "@example.com"));
        assertThat(before.path("decision").asText()).isEqualTo("skipped-by-rule");
        assertThat(after.path("decision").asText()).isEqualTo("delivered");
    }

    @Test
    void outsideBusinessHoursCanLogWithAnotherStatus() {
        JsonNode late = send("test.after-hours-status", "2026-11-20T23:30:00Z", person(unique("late") + "@example.com"));
        assertThat(late.path("decision").asText()).isEqualTo("delivered");
        String taskId = late.path("activity").path("id").asText();
        assertThat(query("SELECT Status FROM Task WHERE Id = '" + taskId + "'").get(0))
                .containsEntry("Status", "Not Started");
    }

    @Test
    void unknownPersonBecomesAContactWhenTheRuleSaysSo() {
        String email = unique("contact") + "@example.com";
        JsonNode outcome = send("test.create-contact", "2026-11-20T15:00:00Z", person(email));
        assertThat(outcome.path("records").get(0).path("object").asText()).isEqualTo("Contact");
        assertThat(query("SELECT Id, LeadSource FROM Contact WHERE Email = '" + email + "'"))
                .singleElement().satisfies(c -> assertThat(c).containsEntry("LeadSource", "Web"));
        assertThat(query("SELECT Id FROM Lead WHERE Email = '" + email + "'")).isEmpty();
    }

    @Test
    void unknownPersonBecomesAPersonAccountOrAnAccountWhenTheRuleSaysSo() {
        String email = unique("pa") + "@example.com";
        // a number of its own (DeliveryWritesIT takes 555 0100-0999): the org is shared, and another test's record
        // with the same number would match
        String digits = String.valueOf(java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000, 10_000));
        JsonNode outcome = send("test.create-person-account", "2026-11-20T15:00:00Z", Map.of("person",
                Map.of("email", email, "firstName", "Pat", "lastName", "Person", "mobile", "+1 628 555 " + digits)));
        String accountId = outcome.path("records").get(0).path("id").asText();
        assertThat(outcome.path("records").get(0).path("object").asText()).isEqualTo("Account");
        assertThat(query("SELECT IsPersonAccount, PersonEmail, PersonMobilePhone FROM Account WHERE Id = '"
                + accountId + "'").get(0)).containsEntry("IsPersonAccount", true).containsEntry("PersonEmail", email)
                .containsEntry("PersonMobilePhone", "+1628555" + digits);
        assertThat(query("SELECT WhatId FROM Task WHERE Id = '" + outcome.path("activity").path("id").asText() + "'")
                .get(0)).containsEntry("WhatId", accountId);

        String company = unique("Acme Dental");
        JsonNode business = send("test.create-account", "2026-11-20T15:00:00Z", Map.of("person",
                Map.of("name", "Ann Owner", "company", company, "phone", "+1 415 555 0166")));
        assertThat(query("SELECT Name, Phone FROM Account WHERE Id = '" + business.path("records").get(0).path("id").asText()
                + "'").get(0)).containsEntry("Name", company).containsEntry("Phone", "+14155550166");
    }

    @Test
    void aNewContactJoinsTheAccountOfItsCompanyCreatedOnce() {
        String company = unique("Harbor Clinic");
        String first = unique("c1") + "@example.com";
        String second = unique("c2") + "@example.com";
        JsonNode one = send("test.contact-with-account", "2026-11-20T15:00:00Z", Map.of("person",
                Map.of("email", first, "lastName", "One", "company", company)));
        assertThat(one.path("records").get(0).path("object").asText()).isEqualTo("Account");
        assertThat(one.path("records").get(1).path("object").asText()).isEqualTo("Contact");
        send("test.contact-with-account", "2026-11-20T15:00:00Z", Map.of("person",
                Map.of("email", second, "lastName", "Two", "company", company)));

        List<Map<String, Object>> accounts = query("SELECT Id FROM Account WHERE Name = '" + company + "'");
        assertThat(accounts).hasSize(1);
        assertThat(query("SELECT Id FROM Contact WHERE AccountId = '" + accounts.get(0).get("Id") + "'")).hasSize(2);
    }

    @Test
    void unknownPersonCreatesNothingWhenTheRuleSaysNone() {
        String email = unique("nobody") + "@example.com";
        JsonNode outcome = send("test.create-nothing", "2026-11-20T15:00:00Z", person(email));
        assertThat(outcome.path("decision").asText()).isEqualTo("delivered");
        assertThat(outcome.path("records").size()).isZero();
        assertThat(query("SELECT Id FROM Lead WHERE Email = '" + email + "'")).isEmpty();
        assertThat(query("SELECT Id FROM Contact WHERE Email = '" + email + "'")).isEmpty();
        String taskId = outcome.path("activity").path("id").asText();
        assertThat(query("SELECT WhoId FROM Task WHERE Id = '" + taskId + "'").get(0).get("WhoId")).isNull();
    }

    @Test
    void fillOverwriteAndSkipAreHonouredAgainstTheRecord() {
        String email = unique("modes") + "@example.com";
        String contactId = bed.salesforce().org().insert("Contact", Map.of("LastName", "Modes", "Email", email,
                "Title", "CEO", "Description", "old note", "MobilePhone", "555-0100"));
        String emptyEmail = unique("empty") + "@example.com";
        String emptyId = bed.salesforce().org().insert("Contact", Map.of("LastName", "Empty", "Email", emptyEmail));
        Map<String, Object> data = Map.of("person", Map.of("email", email, "title", "Intern", "mobile", "+1 650 555 0199"),
                "content", Map.of("summary", "new note"));
        JsonNode outcome = send("test.fill-overwrite", "2026-11-20T15:00:00Z", data);
        assertThat(outcome.path("records").toString()).contains("\"action\":\"updated\"");
        Map<String, Object> contact = query("SELECT Title, Description, MobilePhone FROM Contact WHERE Id = '"
                + contactId + "'").get(0);
        assertThat(contact).containsEntry("Title", "CEO").containsEntry("Description", "Latest: new note")
                .containsEntry("MobilePhone", "555-0100");

        send("test.fill-overwrite", "2026-11-20T15:00:00Z", Map.of("person",
                Map.of("email", emptyEmail, "title", "Intern", "mobile", "+1 650 555 0199")));
        assertThat(query("SELECT Title, MobilePhone FROM Contact WHERE Id = '" + emptyId + "'").get(0))
                .containsEntry("Title", "Intern").containsEntry("MobilePhone", null);
    }

    @Test
    void theRuleCanLogAnEventWithTheCallTimes() {
        Map<String, Object> data = Map.of("person", Map.of("email", unique("ev") + "@example.com", "name", "Eve Vent"),
                "call", Map.of("startTime", "2026-11-20T15:00:00Z", "endTime", "2026-11-20T15:12:00Z"));
        JsonNode outcome = send("test.event", "2026-11-20T15:12:00Z", data);
        assertThat(outcome.path("activity").path("object").asText()).isEqualTo("Event");
        String eventId = outcome.path("activity").path("id").asText();
        Map<String, Object> event = query("SELECT Subject, StartDateTime, EndDateTime, WhoId FROM Event WHERE Id = '"
                + eventId + "'").get(0);
        assertThat(event).containsEntry("Subject", "Call with Eve Vent");
        assertThat(String.valueOf(event.get("StartDateTime"))).startsWith("2026-11-20T15:00:00");
        assertThat(String.valueOf(event.get("EndDateTime"))).startsWith("2026-11-20T15:12:00");
        assertThat(event.get("WhoId")).isEqualTo(outcome.path("records").get(0).path("id").asText());
    }

    @Test
    void activityGoesToTheOpenCaseOrANewOne() {
        String email = unique("case") + "@example.com";
        String contactId = bed.salesforce().org().insert("Contact", Map.of("LastName", "Case", "Email", email));
        bed.salesforce().org().insert("Case", Map.of("Subject", "Closed one", "Status", "Closed", "ContactId", contactId));
        String openCase = bed.salesforce().org().insert("Case", Map.of("Subject", "Open one", "Status", "New",
                "ContactId", contactId));
        JsonNode first = send("test.case", "2026-11-20T15:00:00Z", person(email));
        assertThat(query("SELECT WhatId FROM Task WHERE Id = '" + first.path("activity").path("id").asText() + "'")
                .get(0)).containsEntry("WhatId", openCase);

        String other = unique("nocase") + "@example.com";
        String otherId = bed.salesforce().org().insert("Contact", Map.of("LastName", "NoCase", "Email", other));
        JsonNode second = send("test.case", "2026-11-20T15:00:00Z", Map.of("person", Map.of("email", other),
                "category", "Billing"));
        List<Map<String, Object>> cases = query("SELECT Id, Subject FROM Case WHERE ContactId = '" + otherId + "'");
        assertThat(cases).singleElement().satisfies(c -> assertThat(c).containsEntry("Subject", "Follow up: Billing"));
        assertThat(query("SELECT WhatId FROM Task WHERE Id = '" + second.path("activity").path("id").asText() + "'")
                .get(0)).containsEntry("WhatId", cases.get(0).get("Id"));
    }

    @Test
    void activityGoesToTheMostRecentlyModifiedOpenOpportunity() {
        String email = unique("opp") + "@example.com";
        String contactId = bed.salesforce().org().insert("Contact", Map.of("LastName", "Opp", "Email", email));
        String closed = bed.salesforce().org().insert("Opportunity", Map.of("Name", "Won deal", "StageName", "Closed Won",
                "CloseDate", "2026-10-01"));
        String open = bed.salesforce().org().insert("Opportunity", Map.of("Name", "Open deal", "StageName", "Prospecting",
                "CloseDate", "2026-12-31"));
        bed.salesforce().org().insert("OpportunityContactRole", Map.of("OpportunityId", closed, "ContactId", contactId));
        bed.salesforce().org().insert("OpportunityContactRole", Map.of("OpportunityId", open, "ContactId", contactId));
        JsonNode outcome = send("test.opportunity", "2026-11-20T15:00:00Z", person(email));
        assertThat(query("SELECT WhatId FROM Task WHERE Id = '" + outcome.path("activity").path("id").asText() + "'")
                .get(0)).containsEntry("WhatId", open);
    }

    @Test
    void aSimpleExpressionCanSkipAnEvent() {
        JsonNode shortCall = send("test.simple-filter", "2026-11-20T15:00:00Z", Map.of("person",
                Map.of("email", unique("short") + "@example.com"), "call", Map.of("durationSeconds", 3)));
        assertThat(shortCall.path("decision").asText()).isEqualTo("skipped-by-rule");
        assertThat(shortCall.path("reason").asText()).contains("simple ${body[call][durationSeconds]} < 5");
        JsonNode longCall = send("test.simple-filter", "2026-11-20T15:00:00Z", Map.of("person",
                Map.of("email", unique("long") + "@example.com"), "call", Map.of("durationSeconds", 30)));
        assertThat(longCall.path("decision").asText()).isEqualTo("delivered");
    }
}
