package io.switchboard.emulator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SOSL parser and matcher, with escaped and unescaped reserved characters. */
class SoslTest {

    static final String RESERVED = "?&|!{}[]()^~*:\\\"'+-";

    Org org;

    @BeforeEach
    void freshOrg() {
        org = new Org(Schema.load(null), Clock.systemUTC(), Duration.ZERO, "integration@switchboard.local");
        org.insert("Contact", Map.of("FirstName", "Kate", "LastName", "O'Brien-Smith", "Email", "Kate.OBrien@Example.com",
                "Phone", "(415) 555-0134"));
        org.insert("Contact", Map.of("FirstName", "Ann", "LastName", "Agent", "MobilePhone", "+1 415 555 0199",
                "Description", "likes C++ & {braces} [x] 50% a:b ~tilde^ what? yes! a|b"));
        org.insert("Lead", Map.of("LastName", "Zoë", "Company", "Ñandú SA", "Phone", "020 7946 0018", "Email", "zoe@nandu.test"));
    }

    static String escape(String term) {
        StringBuilder out = new StringBuilder();
        for (char c : term.toCharArray()) {
            if (RESERVED.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private List<String> find(String sosl) {
        return org.runSearch(SoslParser.parse(sosl, org.schema()), "62.0").stream()
                .map(r -> r.get("Id").toString()).toList();
    }

    private List<String> lastNames(String sosl) {
        return org.runSearch(SoslParser.parse(sosl, org.schema()), "62.0").stream()
                .map(r -> String.valueOf(r.get("LastName"))).toList();
    }

    static Stream<Arguments> escapedTerms() {
        return Stream.of(
                Arguments.of("O'Brien-Smith", "ALL", List.of("O'Brien-Smith")),
                Arguments.of("C++", "ALL", List.of("Agent")),
                Arguments.of("{braces}", "ALL", List.of("Agent")),
                Arguments.of("[x]", "ALL", List.of("Agent")),
                Arguments.of("a:b", "ALL", List.of("Agent")),
                Arguments.of("~tilde^", "ALL", List.of("Agent")),
                Arguments.of("what?", "ALL", List.of("Agent")),
                Arguments.of("yes!", "ALL", List.of("Agent")),
                Arguments.of("a|b", "ALL", List.of("Agent")),
                Arguments.of("kate.obrien@example.com", "EMAIL", List.of("O'Brien-Smith")),
                Arguments.of("KATE.OBRIEN@EXAMPLE.COM", "ALL", List.of("O'Brien-Smith")),
                Arguments.of("Zoë", "NAME", List.of("Zoë")),
                Arguments.of("ñandú", "ALL", List.of("Zoë")),
                Arguments.of("+1 (415) 555-0134", "PHONE", List.of("O'Brien-Smith")));
    }

    @ParameterizedTest
    @MethodSource("escapedTerms")
    void escapedReservedCharactersMatchLiterally(String term, String scope, List<String> expected) {
        String sosl = "FIND {" + escape(term) + "} IN " + scope + " FIELDS RETURNING Contact(LastName), Lead(LastName)";
        assertThat(lastNames(sosl)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"O'Brien", "C++", "a&b", "a|b", "yes!", "{x", "[x]", "a^b", "~x", "a:b", "x\"y", "foo-bar",
            "a+b", "trailing\\"})
    void unescapedReservedCharactersAreMalformed(String term) {
        assertThatThrownBy(() -> find("FIND {" + term + "} RETURNING Contact")).isInstanceOfSatisfying(ApiException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.first().errorCode()).isEqualTo("MALFORMED_SEARCH");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"4155550134", "415-555-0134", "(415) 555-0134", "+14155550134", "5550134"})
    void phoneSearchComparesDigits(String number) {
        assertThat(lastNames("FIND {" + escape(number) + "} IN PHONE FIELDS RETURNING Contact(LastName)"))
                .containsExactly("O'Brien-Smith");
    }

    @Test
    void phoneSearchFindsMobileWithCountryCode() {
        assertThat(lastNames("FIND {4155550199} IN PHONE FIELDS RETURNING Contact(LastName)")).containsExactly("Agent");
        assertThat(lastNames("FIND {02079460018} IN PHONE FIELDS RETURNING Lead(LastName)")).containsExactly("Zoë");
        assertThat(lastNames("FIND {0134} IN PHONE FIELDS RETURNING Contact(LastName)")).containsExactly("O'Brien-Smith");
        assertThat(lastNames("FIND {4155550000} IN PHONE FIELDS RETURNING Contact(LastName)")).isEmpty();
    }

    @Test
    void wildcardsOperatorsAndPhrases() {
        assertThat(lastNames("FIND {Kat*} RETURNING Contact(LastName)")).containsExactly("O'Brien-Smith");
        assertThat(lastNames("FIND {K?te} RETURNING Contact(LastName)")).containsExactly("O'Brien-Smith");
        assertThat(lastNames("FIND {Kate OR Ann} RETURNING Contact(LastName ORDER BY LastName)"))
                .containsExactly("Agent", "O'Brien-Smith");
        assertThat(lastNames("FIND {Kate AND Ann} RETURNING Contact(LastName)")).isEmpty();
        assertThat(lastNames("FIND {(Kate OR Ann) AND NOT Agent} RETURNING Contact(LastName)")).containsExactly("O'Brien-Smith");
        assertThat(lastNames("FIND {\"Kate O'Brien\"} RETURNING Contact(LastName)")).containsExactly("O'Brien-Smith");
        assertThat(lastNames("FIND {Kate Agent} RETURNING Contact(LastName)")).as("implicit AND").isEmpty();
    }

    @Test
    void returningClausesFilterSortAndLimit() {
        org.insert("Contact", Map.of("FirstName", "Kate", "LastName", "Second"));
        assertThat(lastNames("FIND {Kate} IN NAME FIELDS RETURNING Contact(LastName WHERE LastName != 'Second')"))
                .containsExactly("O'Brien-Smith");
        assertThat(lastNames("FIND {Kate} RETURNING Contact(LastName ORDER BY LastName DESC LIMIT 1)"))
                .containsExactly("Second");
        assertThat(find("FIND {Kate} RETURNING Contact, Lead LIMIT 1")).hasSize(1);
    }

    @Test
    void singleCharacterTermIsRejected() {
        assertThatThrownBy(() -> find("FIND {K*} RETURNING Contact")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.first().errorCode()).isEqualTo("MALFORMED_SEARCH"));
    }

    @Test
    void newRecordsReachTheIndexOnlyAfterTheDelay() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        Org delayed = new Org(Schema.load(null), clock, Duration.ofMinutes(2), "integration@switchboard.local");
        String id = delayed.insert("Contact", Map.of("LastName", "Fresh", "Phone", "555 0100"));
        SoslQuery byName = SoslParser.parse("FIND {Fresh} RETURNING Contact(Id)", delayed.schema());
        assertThat(delayed.runSearch(byName, "62.0")).isEmpty();
        assertThat(delayed.query("SELECT Id FROM Contact WHERE LastName = 'Fresh'")).as("SOQL sees it at once").hasSize(1);
        clock.advance(Duration.ofMinutes(2));
        assertThat(delayed.runSearch(byName, "62.0")).hasSize(1);

        delayed.update(delayed.schema().object("Contact"), id, Map.of("LastName", "Renamed"), delayed.integrationUserId());
        SoslQuery byNewName = SoslParser.parse("FIND {Renamed} RETURNING Contact(Id)", delayed.schema());
        assertThat(delayed.runSearch(byNewName, "62.0")).as("index still holds the old version").isEmpty();
        assertThat(delayed.runSearch(byName, "62.0")).hasSize(1);
        clock.advance(Duration.ofMinutes(3));
        assertThat(delayed.runSearch(byNewName, "62.0")).hasSize(1);
        assertThat(delayed.runSearch(byName, "62.0")).isEmpty();
    }

    /** A clock the test moves by hand, so index delays need no sleeping. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
