package io.switchboard.emulator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SOQL parser and evaluator, table-driven, with hostile string literals. */
class SoqlTest {

    /** Names that break naive query building; each must be found exactly by its escaped literal. */
    static final List<String> HOSTILE = List.of(
            "O'Brien", "Back\\slash", "50% off", "under_score", "quote\"double", "tab\there", "line\nbreak",
            "Zoë Ñandú 東京", "emoji 😀", "'; DELETE FROM Contact --", "\\'", "%", "_", "100\\%");

    Org org;

    @BeforeEach
    void freshOrg() {
        org = new Org(Schema.load(null), Clock.systemUTC(), Duration.ZERO, "integration@switchboard.local");
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String escapeLike(String s) {
        return escape(s).replace("%", "\\%").replace("_", "\\_");
    }

    @Test
    void hostileValuesMatchExactlyWhenEscaped() {
        for (String name : HOSTILE) {
            org.insert("Contact", Map.of("LastName", name));
        }
        org.insert("Contact", Map.of("LastName", "decoy 50 off under-score"));
        for (String name : HOSTILE) {
            assertThat(org.query("SELECT LastName FROM Contact WHERE LastName = '" + escape(name) + "'"))
                    .as(name).extracting(r -> r.get("LastName")).containsExactly(name);
            assertThat(org.query("SELECT LastName FROM Contact WHERE LastName LIKE '" + escapeLike(name) + "'"))
                    .as("LIKE " + name).extracting(r -> r.get("LastName")).containsExactly(name);
        }
    }

    @Test
    void unicodeEscapeIsDecoded() {
        org.insert("Contact", Map.of("LastName", "Zoë"));
        assertThat(org.query("SELECT Id FROM Contact WHERE LastName = 'Zo\\u00eb'")).hasSize(1);
        assertThat(org.query("SELECT Id FROM Contact WHERE LastName = 'Zo\\u00EB'")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT Id FROM Contact WHERE LastName = 'O'Brien'",
            "SELECT Id FROM Contact WHERE LastName = 'back\\slash'",
            "SELECT Id FROM Contact WHERE LastName = '50\\% off'",
            "SELECT Id FROM Contact WHERE LastName = 'under\\_score'",
            "SELECT Id FROM Contact WHERE LastName = 'bad \\u12'",
            "SELECT Id FROM Contact WHERE LastName = 'bad \\uZZZZ'",
            "SELECT Id FROM Contact WHERE LastName = 'unterminated",
            "SELECT Id FROM Contact WHERE LastName = 'x' AND FirstName = 'y' OR Email = null",
            "SELECT Id FROM Contact WHERE",
            "SELECT FROM Contact",
            "SELECT Id, FROM Contact",
            "SELECT Id FROM Contact LIMIT -1",
            "SELECT Id FROM Contact LIMIT 5 WHERE LastName = 'x'",
            "SELECT Id Contact",
            "SELECT Id FROM Contact WHERE CreatedDate > 2026-11-21T10:00:00",
            "SELECT Id FROM Contact WHERE LastName = \"double\"",
            "SELECT Id, Id FROM Contact",
            "SELECT Id FROM Contact; DELETE",
            ""
    })
    void malformedQueriesAreRejected(String soql) {
        assertThatThrownBy(() -> org.query(soql)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.first().errorCode()).isEqualTo("MALFORMED_QUERY");
        });
    }

    static Stream<Arguments> otherErrors() {
        return Stream.of(
                Arguments.of("SELECT Foo FROM Contact", "INVALID_FIELD", "No such column 'Foo' on entity 'Contact'"),
                Arguments.of("SELECT Id FROM Contact WHERE Foo = 'x'", "INVALID_FIELD", "No such column 'Foo'"),
                Arguments.of("SELECT Id FROM Nope__c", "INVALID_TYPE", "sObject type 'Nope__c' is not supported"),
                Arguments.of("SELECT Nope.Name FROM Contact", "INVALID_FIELD", "Didn't understand relationship 'Nope'"),
                Arguments.of("SELECT Id FROM Contact WHERE Id = 'abc'", "INVALID_QUERY_FILTER_OPERATOR", "invalid ID field: abc"),
                Arguments.of("SELECT Id FROM Contact WHERE CreatedDate = '2026-01-01'", "INVALID_FIELD",
                        "must be of type dateTime and should not be enclosed in quotes"),
                Arguments.of("SELECT Id FROM Contact WHERE LastName = 5", "INVALID_FIELD",
                        "must be of type string and should be enclosed in quotes"),
                Arguments.of("SELECT Id FROM Contact WHERE IsDeleted = 'true'", "INVALID_FIELD", "must be of type boolean"),
                Arguments.of("SELECT Id FROM Contact OFFSET 2001", "NUMBER_OUTSIDE_VALID_RANGE", "Maximum SOQL offset"));
    }

    @ParameterizedTest
    @MethodSource("otherErrors")
    void semanticErrorsCarrySalesforceCodes(String soql, String code, String message) {
        assertThatThrownBy(() -> org.query(soql)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.first().errorCode()).isEqualTo(code);
            assertThat(e.first().message()).contains(message);
        });
    }

    @Test
    void errorMessagePointsAtRowAndColumn() {
        assertThatThrownBy(() -> org.query("SELECT Id, Foo FROM Contact")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.first().message()).startsWith("\nSELECT Id, Foo FROM Contact\n           ^\nERROR at Row:1:Column:12\n"));
    }

    private void seedPeople() {
        String acme = org.insert("Account", Map.of("Name", "Acme"));
        org.insert("Contact", Map.of("FirstName", "Ann", "LastName", "Alpha", "Email", "ann@acme.test", "AccountId", acme,
                "Description", "first"));
        org.insert("Contact", Map.of("FirstName", "bob", "LastName", "Beta", "AccountId", acme));
        org.insert("Contact", Map.of("FirstName", "Cid", "LastName", "Gamma", "Email", "cid@other.test"));
        org.insert("Contact", Map.of("LastName", "delta"));
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("LastName = 'ALPHA'", List.of("Alpha")),
                Arguments.of("LastName != 'alpha'", List.of("Beta", "delta", "Gamma")),
                Arguments.of("LastName <> 'alpha'", List.of("Beta", "delta", "Gamma")),
                Arguments.of("Email = null", List.of("Beta", "delta")),
                Arguments.of("Email != null", List.of("Alpha", "Gamma")),
                Arguments.of("Email != 'ann@acme.test'", List.of("Beta", "delta", "Gamma")),
                Arguments.of("LastName IN ('beta', 'Gamma', 'nobody')", List.of("Beta", "Gamma")),
                Arguments.of("LastName NOT IN ('beta', 'Gamma')", List.of("Alpha", "delta")),
                Arguments.of("LastName LIKE 'a%'", List.of("Alpha")),
                Arguments.of("LastName LIKE '%TA'", List.of("Beta", "delta")),
                Arguments.of("LastName LIKE '_eta'", List.of("Beta")),
                Arguments.of("NOT LastName LIKE '%a'", List.of()),
                Arguments.of("(LastName = 'Alpha' OR LastName = 'Beta') AND FirstName = 'BOB'", List.of("Beta")),
                Arguments.of("LastName = 'Alpha' OR (Email = null AND FirstName != null)", List.of("Alpha", "Beta")),
                Arguments.of("NOT (LastName = 'Alpha' OR LastName = 'Beta')", List.of("delta", "Gamma")),
                Arguments.of("Account.Name = 'acme'", List.of("Alpha", "Beta")),
                Arguments.of("Account.Name = null", List.of("delta", "Gamma")),
                Arguments.of("LastName > 'beta'", List.of("delta", "Gamma")),
                Arguments.of("LastName <= 'Beta'", List.of("Alpha", "Beta")),
                Arguments.of("CreatedDate = TODAY", List.of("Alpha", "Beta", "delta", "Gamma")),
                Arguments.of("CreatedDate = YESTERDAY", List.of()),
                Arguments.of("CreatedDate > YESTERDAY", List.of("Alpha", "Beta", "delta", "Gamma")),
                Arguments.of("CreatedDate < 2000-01-01T00:00:00Z", List.of()),
                Arguments.of("CreatedDate > 2000-01-01T00:00:00+01:00", List.of("Alpha", "Beta", "delta", "Gamma")),
                Arguments.of("CreatedDate >= LAST_N_DAYS:3", List.of("Alpha", "Beta", "delta", "Gamma")),
                Arguments.of("IsDeleted = false AND Description = 'first'", List.of("Alpha")));
    }

    @ParameterizedTest
    @MethodSource("filters")
    void whereClauses(String where, List<String> expected) {
        seedPeople();
        List<Map<String, Object>> rows = org.query("SELECT LastName FROM Contact WHERE " + where + " ORDER BY LastName");
        assertThat(rows).extracting(r -> r.get("LastName")).containsExactlyElementsOf(expected);
    }

    @Test
    void orderByWithNullsAndSeveralFields() {
        seedPeople();
        assertThat(org.query("SELECT LastName FROM Contact ORDER BY Email DESC NULLS LAST, LastName"))
                .extracting(r -> r.get("LastName")).containsExactly("Gamma", "Alpha", "Beta", "delta");
        assertThat(org.query("SELECT LastName FROM Contact ORDER BY Email ASC NULLS FIRST, LastName DESC"))
                .extracting(r -> r.get("LastName")).containsExactly("delta", "Beta", "Alpha", "Gamma");
        assertThat(org.query("SELECT LastName FROM Contact ORDER BY Email"))
                .as("ASC puts nulls first by default").extracting(r -> r.get("LastName")).startsWith("Beta", "delta");
        assertThat(org.query("SELECT LastName FROM Contact ORDER BY LastName LIMIT 2 OFFSET 1"))
                .extracting(r -> r.get("LastName")).containsExactly("Beta", "delta");
    }

    @Test
    void relationshipFieldsAreNested() {
        seedPeople();
        List<Map<String, Object>> rows = org.query("SELECT Name, Account.Name, Account.Owner.Name FROM Contact"
                + " WHERE LastName IN ('Alpha', 'Gamma') ORDER BY LastName");
        @SuppressWarnings("unchecked")
        Map<String, Object> account = (Map<String, Object>) rows.get(0).get("Account");
        assertThat(account.get("Name")).isEqualTo("Acme");
        assertThat(account).containsKey("attributes");
        assertThat(account.get("Owner")).isInstanceOfSatisfying(Map.class,
                owner -> assertThat(owner.get("Name")).isEqualTo("Switchboard Integration"));
        assertThat(rows.get(1)).containsEntry("Account", null);
    }

    @Test
    void countQueries() {
        seedPeople();
        assertThat(org.query("SELECT COUNT() FROM Contact WHERE Email != null")).containsExactly(Map.of("totalSize", 2));
        assertThat(org.query("SELECT COUNT(Id) total FROM Contact")).singleElement()
                .satisfies(r -> assertThat(r.get("total")).isEqualTo(4));
    }

    @Test
    void dateFieldsCompareWithDateLiterals() {
        String who = org.insert("Contact", Map.of("LastName", "Callee"));
        org.insert("Task", Map.of("Subject", "due", "ActivityDate", "2026-11-21", "WhoId", who));
        assertThat(org.query("SELECT Subject FROM Task WHERE ActivityDate = 2026-11-21")).hasSize(1);
        assertThat(org.query("SELECT Subject FROM Task WHERE ActivityDate > 2026-11-21")).isEmpty();
        assertThat(org.query("SELECT Subject FROM Task WHERE ActivityDate < TODAY")).hasSize(
                LocalDate.now(ZoneOffset.UTC).isAfter(LocalDate.of(2026, 11, 21)) ? 1 : 0);
        assertThat(org.query("SELECT Subject, Who.Name FROM Task WHERE Who.Name = 'callee'")).hasSize(1);
    }

    @Test
    void deletedRecordsOnlyInQueryAll() {
        seedPeople();
        ObjectDef contact = org.schema().object("Contact");
        String id = (String) org.query("SELECT Id FROM Contact WHERE LastName = 'delta'").get(0).get("Id");
        org.delete(contact, id);
        SoqlQuery q = SoqlParser.parse("SELECT Id, IsDeleted FROM Contact WHERE LastName = 'delta'", org.schema());
        assertThat(org.runQuery(q, false, "62.0").records()).isEmpty();
        assertThat(org.runQuery(q, true, "62.0").records()).singleElement()
                .satisfies(r -> assertThat(r.get("IsDeleted")).isEqualTo(true));
    }
}
