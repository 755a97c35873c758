package io.switchboard.changefeed;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.matching.Domains;
import io.switchboard.matching.MatchingProperties;
import io.switchboard.matching.PhoneNumbers;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a record's fields become the published record: E.164 next to what is stored, the company's domain. */
class RecordShapeTest {

    private final MatchingProperties matching = new MatchingProperties("US");
    private final ChangeFeedProperties feed = new ChangeFeedProperties(true,
            Map.of("Contact", new ChangeFeedProperties.ObjectSettings(true, java.util.List.of("Title"))),
            new ChangeFeedProperties.Topics("salesforce.people", "salesforce.accounts", "state"),
            java.time.Duration.ofHours(72), 2000, 100, 3, (short) 1, 1000,
            java.time.Duration.ofSeconds(5));
    private final RecordShape shape = new RecordShape(feed, null, new PhoneNumbers(matching), new Domains(matching), matching);

    @Test
    void everyPhoneFieldComesAsStoredAndInE164WhateverTheFormat() {
        Map<String, Object> f = new HashMap<>(Map.of("Id", "003000000000001AAA", "LastName", "Whitfield",
                "FirstName", "Dana", "Phone", "(415) 555-0134", "MobilePhone", "415.555.0134",
                "HomePhone", "+14155550134", "OtherPhone", "not a number"));
        OrgRecord r = shape.build(FeedObject.CONTACT, f, "snapshot");

        assertThat(r.phones()).extracting(OrgRecord.Phone::field, OrgRecord.Phone::stored, OrgRecord.Phone::e164)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Phone", "(415) 555-0134", "+14155550134"),
                        org.assertj.core.groups.Tuple.tuple("MobilePhone", "415.555.0134", "+14155550134"),
                        org.assertj.core.groups.Tuple.tuple("HomePhone", "+14155550134", "+14155550134"),
                        org.assertj.core.groups.Tuple.tuple("OtherPhone", "not a number", null));
        assertThat(r.name()).isEqualTo("Dana Whitfield");
        assertThat(r.object()).isEqualTo("Contact");
        assertThat(r.converted()).isNull();
    }

    @Test
    void aContactCarriesItsAccountWithTheWebsitesNormalizedDomainAndItsOwner() {
        Map<String, Object> f = new HashMap<>(Map.of("Id", "003000000000001AAA", "LastName", "Whitfield",
                "Email", " Dana@Example.COM ", "AccountId", "001000000000001AAA", "Account.Name", "Acme",
                "Account.Website", "https://www.Acme.com/about", "OwnerId", "005000000000001AAA",
                "Owner.Email", "owner@acme.com", "Title", "CTO"));
        OrgRecord r = shape.build(FeedObject.CONTACT, f, "change");

        assertThat(r.company()).isEqualTo(new OrgRecord.Company("001000000000001AAA", "Acme", "acme.com"));
        assertThat(r.owner()).isEqualTo(new OrgRecord.Owner("005000000000001AAA", "owner@acme.com"));
        assertThat(r.emails()).containsExactly("dana@example.com");
        assertThat(r.fields()).containsEntry("Title", "CTO");
        assertThat(r.origin()).isEqualTo("change");
    }

    /**
     * What the feed rebuilds from its topic at start (a restart, a takeover) builds the same record as what it read,
     * so a change applied to it publishes what it would have published before the restart.
     */
    @Test
    void aRecordReadBackFromTheTopicBuildsTheSameRecordAndTakesAChangeAlike() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, Object> contact = new HashMap<>(Map.of("Id", "003000000000001AAA", "LastName", "Whitfield",
                "FirstName", "Dana", "Email", " Dana@Example.COM ", "AccountId", "001000000000001AAA",
                "Account.Name", "Acme", "Account.Website", "https://www.Acme.com/about", "OwnerId", "005000000000001AAA",
                "Owner.Email", "owner@acme.com", "Title", "CTO"));
        contact.put("MobilePhone", "415.555.0134");
        contact.put("LastModifiedDate", "2026-11-20T15:04:05.000+0000");
        Map<String, Object> lead = new HashMap<>(Map.of("Id", "00Q000000000001AAA", "LastName", "Lee",
                "Company", "Lee Co", "IsConverted", true, "ConvertedContactId", "003000000000002AAA",
                "ConvertedAccountId", "001000000000002AAA", "Email", "lee@leeco.com"));
        for (var entry : Map.of(FeedObject.CONTACT, contact, FeedObject.LEAD, lead).entrySet()) {
            OrgRecord published = shape.build(entry.getKey(), entry.getValue(), "snapshot");
            OrgRecord read = json.readValue(json.writeValueAsBytes(published), OrgRecord.class);
            Map<String, Object> rebuilt = shape.fields(read);

            assertThat(shape.build(entry.getKey(), rebuilt, "snapshot")).isEqualTo(published);
            Map<String, Object> changedBefore = new HashMap<>(entry.getValue());
            Map<String, Object> changedAfter = new HashMap<>(rebuilt);
            changedBefore.put("LastName", "Changed");
            changedAfter.put("LastName", "Changed");
            assertThat(shape.build(entry.getKey(), changedAfter, "change"))
                    .isEqualTo(shape.build(entry.getKey(), changedBefore, "change"));
        }
    }

    @Test
    void aConvertedLeadSaysWhatItBecame() {
        Map<String, Object> f = new HashMap<>(Map.of("Id", "00Q000000000001AAA", "LastName", "Lee", "Company", "Lee Co",
                "IsConverted", true, "ConvertedContactId", "003000000000002AAA", "ConvertedAccountId", "001000000000002AAA"));
        OrgRecord r = shape.build(FeedObject.LEAD, f, "change");

        assertThat(r.converted()).isTrue();
        assertThat(r.convertedContactId()).isEqualTo("003000000000002AAA");
        assertThat(r.convertedAccountId()).isEqualTo("001000000000002AAA");
        assertThat(r.company().name()).isEqualTo("Lee Co");
    }

    @Test
    void aPersonAccountIsAPersonWithoutCompany() {
        Map<String, Object> f = new HashMap<>(Map.of("Id", "001000000000003AAA", "IsPersonAccount", true,
                "Name", "Sam Ortiz", "FirstName", "Sam", "LastName", "Ortiz", "PersonEmail", "sam@example.org",
                "PersonMobilePhone", "415.555.0199"));
        OrgRecord r = shape.build(FeedObject.ACCOUNT, f, "snapshot");

        assertThat(r.object()).isEqualTo("PersonAccount");
        assertThat(r.person()).isTrue();
        assertThat(r.company()).isNull();
        assertThat(r.emails()).containsExactly("sam@example.org");
        assertThat(r.phones()).extracting(OrgRecord.Phone::e164).containsExactly("+14155550199");
    }

    @Test
    void everyShapeOfRecordHoldsToThePublishedJsonSchema() throws Exception {
        com.networknt.schema.JsonSchema schema;
        try (var in = getClass().getResourceAsStream("/contract/salesforce-record.schema.json")) {
            schema = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.List<OrgRecord> records = java.util.List.of(
                shape.build(FeedObject.CONTACT, new HashMap<>(Map.of("Id", "003000000000001AAA", "LastName", "W",
                        "Phone", "(415) 555-0134", "AccountId", "001000000000001AAA", "Account.Name", "Acme",
                        "Account.Website", "acme.com", "OwnerId", "005000000000001AAA", "Owner.Email", "o@acme.com",
                        "LastModifiedDate", "2026-11-20T15:04:05.000+0000")), "snapshot"),
                shape.build(FeedObject.LEAD, new HashMap<>(Map.of("Id", "00Q000000000001AAA", "LastName", "L",
                        "Company", "Lee Co", "IsConverted", false, "Phone", "n/a")), "change"),
                shape.build(FeedObject.ACCOUNT, new HashMap<>(Map.of("Id", "001000000000009AAA", "Name", "Acme",
                        "Website", "https://www.acme.com")), "reread"));
        for (OrgRecord r : records) {
            var problems = schema.validate(json.valueToTree(r));
            assertThat(problems).as(r.object()).isEmpty();
        }
    }
}
