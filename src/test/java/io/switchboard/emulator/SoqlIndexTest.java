package io.switchboard.emulator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The equality indexes only narrow what the SOQL engine looks at: every query answers exactly as a scan does, for
 * the shapes the indexes serve and for those they do not, after every kind of change to the records.
 */
class SoqlIndexTest {

    Org org;

    @BeforeEach
    void freshOrg() {
        org = new Org(Schema.load(Path.of("src/test/resources/emulator/switchboard-org.yaml")), Clock.systemUTC(),
                Duration.ZERO, "integration@switchboard.local");
    }

    /** Runs a query with the indexes and with a scan, asserts equal answers, and returns the indexed one. */
    private QueryResult both(String soql, boolean queryAll) {
        SoqlQuery query = SoqlParser.parse(soql, org.schema());
        org.useIndexes(false);
        QueryResult scanned;
        try {
            scanned = org.runQuery(query, queryAll, Org.DEFAULT_VERSION);
        } finally {
            org.useIndexes(true);
        }
        QueryResult indexed = org.runQuery(query, queryAll, Org.DEFAULT_VERSION);
        assertThat(indexed).as((queryAll ? "queryAll " : "query ") + soql).isEqualTo(scanned);
        return indexed;
    }

    private int assertSameAsScan(List<String> queries) {
        int rows = 0;
        for (String soql : queries) {
            for (boolean queryAll : new boolean[] {false, true}) {
                rows += both(soql, queryAll).totalSize();
            }
        }
        return rows;
    }

    private List<String> ids = new ArrayList<>();

    private void seed() {
        ids.clear();
        String acme = org.insert("Account", Map.of("Name", "Acme"));
        ids.add(contact("Ann", "Alpha", "ann@acme.test", "+1 415 555 0101", null, acme));
        ids.add(contact("Bob", "Beta", "BOB@Acme.Test", null, "+1 415 555 0102", acme));
        ids.add(contact("Cid", "Gamma", "bob@acme.test", "+1 415 555 0102", "+1 415 555 0101", null));
        ids.add(contact("Zoë", "ÑANDÚ", "zoe@acme.test", null, null, null));
        ids.add(contact(null, "delta", null, "+1 415 555 0104", null, null));
        ids.add(contact("Eve", "Epsilon", "eve@acme.test", "+1 415 555 0105", null, acme));
        org.remove("Contact", ids.get(5));
        org.modify("Contact", ids.get(0), Map.of("Email", "ANN@acme.test", "HomePhone", "+1 415 555 0199"));
        org.insert("Opportunity", Map.of("Name", "Big", "StageName", "Prospecting", "CloseDate", "2026-01-31", "Amount", 100));
        org.insert("Opportunity", Map.of("Name", "Small", "StageName", "Closed Won", "CloseDate", "2026-02-01", "Amount", 99.5));
        org.insert("Opportunity", Map.of("Name", "None", "StageName", "Prospecting", "CloseDate", "2026-01-31"));
        org.insert("Event", Map.of("Subject", "Call", "ActivityDateTime", "2026-01-02T10:00:00Z", "DurationInMinutes", 30,
                "Switchboard_Event_Id__c", "EV-1"));
        org.insert("Event", Map.of("Subject", "Meet", "ActivityDateTime", "2026-01-02T11:00:00Z", "DurationInMinutes", 60,
                "Switchboard_Event_Id__c", "ev-2"));
    }

    private String contact(String first, String last, String email, String phone, String mobile, String account) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("FirstName", first);
        fields.put("LastName", last);
        fields.put("Email", email);
        fields.put("Phone", phone);
        fields.put("MobilePhone", mobile);
        fields.put("AccountId", account);
        fields.values().removeIf(v -> v == null);
        return org.insert("Contact", fields);
    }

    private List<String> contactQueries() {
        String select = "SELECT Id, FirstName, LastName, Email, Phone, IsDeleted, Account.Name FROM Contact WHERE ";
        return List.of(
                select + "Email = 'ann@acme.test'",
                select + "Email = 'bob@acme.test' ORDER BY LastModifiedDate DESC LIMIT 2000",
                select + "(Email IN ('BOB@ACME.TEST', 'eve@acme.test', 'nobody@acme.test')) ORDER BY LastModifiedDate DESC LIMIT 2000",
                select + "LastName = 'ñandú'",
                select + "FirstName = 'zoË'",
                select + "Email = null",
                select + "Email IN (null, 'zoe@acme.test')",
                select + "(Phone IN ('+1 415 555 0102', '+1 415 555 0104') OR MobilePhone IN ('+1 415 555 0101')"
                        + " OR HomePhone IN ('+1 415 555 0199'))",
                select + "Phone = '+1 415 555 0102' OR (MobilePhone = '+1 415 555 0102' AND LastName = 'beta')",
                select + "Email IN ('bob@acme.test', 'ann@acme.test') AND LastName LIKE 'b%'",
                select + "Email IN ('bob@acme.test', 'ann@acme.test') AND NOT LastName = 'gamma' ORDER BY LastName",
                select + "Email = 'bob@acme.test' AND Phone = null",
                select + "Email = 'bob@acme.test' AND IsDeleted = false",
                select + "Email = 'eve@acme.test' AND IsDeleted = true",
                select + "Id IN ('" + ids.get(0) + "', '" + ids.get(2).substring(0, 15) + "', '" + ids.get(5) + "')",
                select + "Id = '" + ids.get(5) + "'",
                select + "AccountId IN (null) ORDER BY LastName DESC LIMIT 2 OFFSET 1",
                select + "Account.Name = 'acme' OR Email = 'zoe@acme.test'",
                select + "Email != 'bob@acme.test'",
                select + "Email NOT IN ('bob@acme.test')",
                select + "Email = 'bob@acme.test' OR Email LIKE 'z%'",
                select + "CreatedDate = TODAY AND Email = 'zoe@acme.test'",
                select + "CreatedDate = TODAY OR Email = 'zoe@acme.test'",
                "SELECT COUNT() FROM Contact WHERE Email IN ('bob@acme.test', 'eve@acme.test')",
                "SELECT COUNT(Id) n FROM Contact WHERE Phone = '+1 415 555 0102'");
    }

    @Test
    void indexedQueriesAnswerAsTheScan() {
        seed();
        assertThat(assertSameAsScan(contactQueries())).isPositive();
        assertThat(assertSameAsScan(List.of(
                "SELECT Name, Amount FROM Opportunity WHERE Amount = 100",
                "SELECT Name, Amount FROM Opportunity WHERE Amount IN (100.00, 99.50, 7)",
                "SELECT Name, Amount FROM Opportunity WHERE Amount = null",
                "SELECT Name FROM Opportunity WHERE CloseDate = 2026-01-31 AND StageName = 'PROSPECTING'",
                "SELECT Name FROM Opportunity WHERE IsClosed = true OR Amount = 100",
                "SELECT Subject FROM Event WHERE ActivityDateTime = 2026-01-02T12:00:00+01:00",
                "SELECT Subject FROM Event WHERE DurationInMinutes IN (60, 30.0) ORDER BY Subject DESC",
                "SELECT Subject FROM Event WHERE Switchboard_Event_Id__c IN ('ev-1', 'EV-2', 'ev-3')"))).isPositive();
    }

    @Test
    void indexesFollowEveryChange() {
        seed();
        // build the indexes first, so that the changes below must be applied to them
        assertSameAsScan(contactQueries());
        List<String> queries = contactQueries();
        String lead = org.insert("Lead", Map.of("LastName", "Lee", "Company", "Leeco", "Email", "bob@acme.test",
                "Phone", "+1 415 555 0102"));
        assertSameAsScan(List.of("SELECT Id, Email FROM Lead WHERE Email = 'bob@acme.test'"));
        String converted = org.convertLead(lead);
        assertSameAsScan(queries);
        assertSameAsScan(List.of("SELECT Id, IsConverted FROM Lead WHERE IsConverted = true",
                "SELECT Id FROM Account WHERE Name = 'leeco'"));
        assertThat(both("SELECT Id FROM Contact WHERE Email = 'BOB@acme.test'", false).records())
                .extracting(r -> r.get("Id")).contains(converted);

        org.modify("Contact", ids.get(1), Map.of("Email", "changed@acme.test", "Phone", "+1 415 555 0104"));
        org.remove("Contact", ids.get(2));
        assertSameAsScan(queries);
        assertThat(both("SELECT Id FROM Contact WHERE Email = 'CHANGED@acme.test'", false).totalSize()).isEqualTo(1);

        // a failed transaction rolls back creates, updates and deletes alike
        List<String> ghost = new ArrayList<>();
        Supplier<Object> failing = () -> {
            ghost.add(org.insert("Contact", Map.of("LastName", "Ghost", "Email", "bob@acme.test")));
            org.modify("Contact", ids.get(3), Map.of("Email", "bob@acme.test"));
            org.remove("Contact", ids.get(4));
            assertSameAsScan(queries);
            throw new IllegalStateException("roll back");
        };
        try {
            org.atomically(failing);
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertSameAsScan(queries);
        assertThat(both("SELECT Id FROM Contact WHERE LastName = 'ghost'", true).totalSize()).isZero();

        // a record created again with the id of a rolled-back one comes last in scan order, as in the table
        Map<String, Object> again = new LinkedHashMap<>(Map.of("Id", ghost.get(0), "LastName", "Again",
                "Email", "bob@acme.test"));
        org.seed(Json.MAPPER.valueToTree(Map.of("Contact", List.of(again))));
        assertSameAsScan(queries);

        org.reset();
        assertSameAsScan(queries);
        seed();
        assertSameAsScan(queries);
    }

    @Test
    void externalIdLookupsAndUniqueChecksUseTheSameSemantics() {
        seed();
        assertThat(org.upsert(org.schema().object("Event"), "Switchboard_Event_Id__c", "EV-2", Map.of("Subject", "Moved"),
                org.integrationUserId(), Org.DEFAULT_VERSION).created()).isFalse();
        assertThat(both("SELECT Subject FROM Event WHERE Switchboard_Event_Id__c = 'ev-2'", false).records())
                .extracting(r -> r.get("Subject")).containsExactly("Moved");
        org.useIndexes(false);
        assertThat(org.upsert(org.schema().object("Event"), "Switchboard_Event_Id__c", "ev-1", Map.of("Subject", "Scan"),
                org.integrationUserId(), Org.DEFAULT_VERSION).created()).isFalse();
        org.useIndexes(true);
        assertThat(both("SELECT Subject FROM Event WHERE Switchboard_Event_Id__c = 'EV-1'", false).records())
                .extracting(r -> r.get("Subject")).containsExactly("Scan");
        try {
            org.insert("Event", Map.of("Subject", "Dup", "ActivityDateTime", "2026-01-02T10:00:00Z",
                    "DurationInMinutes", 30, "Switchboard_Event_Id__c", "Ev-1"));
            throw new AssertionError("duplicate accepted");
        } catch (ApiException e) {
            assertThat(e.first().errorCode()).isEqualTo("DUPLICATE_VALUE");
        }
    }

    /** Not a timing test: shows that 200-value IN queries over 25,000 records are answered, and prints how fast. */
    @Test
    void largeInQueriesOver25000Records() {
        int n = 25_000;
        List<String> emails = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        org.atomically(() -> {
            for (int i = 0; i < n; i++) {
                ids.add(contact("F" + i, "L" + i, "person" + i + "@example.test", "+1 555 " + (1_000_000 + i),
                        i % 2 == 0 ? "+1 666 " + (1_000_000 + i) : null, null));
            }
            return null;
        });
        for (int i = 0; i < 200; i++) {
            int k = (i * 7919) % n;
            emails.add("'PERSON" + k + "@example.test'");
            phones.add("'+1 555 " + (1_000_000 + k) + "'");
        }
        String select = "SELECT Id, FirstName, LastName, Email, Phone, MobilePhone, HomePhone FROM Contact WHERE ";
        List<String> queries = List.of(
                select + "(Email IN (" + String.join(", ", emails) + ")) ORDER BY LastModifiedDate DESC LIMIT 2000",
                select + "(Phone IN (" + String.join(", ", phones) + ") OR MobilePhone IN (" + String.join(", ", phones)
                        + ") OR HomePhone IN (" + String.join(", ", phones) + "))",
                select + "Id IN (" + String.join(", ", ids.subList(0, 200).stream().map(id -> "'" + id + "'").toList()) + ")");
        for (String soql : queries) {
            SoqlQuery query = SoqlParser.parse(soql, org.schema());
            String shape = soql.substring(select.length(), select.length() + 12);
            org.useIndexes(false);
            long start = System.nanoTime();
            QueryResult scanned = org.runQuery(query, false, Org.DEFAULT_VERSION);
            long scan = System.nanoTime() - start;
            org.useIndexes(true);
            org.runQuery(query, false, Org.DEFAULT_VERSION); // builds the indexes this shape needs
            start = System.nanoTime();
            QueryResult indexed = org.runQuery(query, false, Org.DEFAULT_VERSION);
            long index = System.nanoTime() - start;
            System.out.printf("200-value IN over %d Contacts [%s...]: %d rows, scan %.1f ms, index %.1f ms%n",
                    n, shape, indexed.totalSize(), scan / 1e6, index / 1e6);
            assertThat(indexed).isEqualTo(scanned);
            assertThat(indexed.totalSize()).isEqualTo(200);
        }
    }
}
