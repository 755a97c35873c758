package io.switchboard.emulator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The phone index and the hits-only rendering only narrow what the SOSL engine looks at: every search answers
 * exactly as the scan does (indexes off), for phone terms of every length and format, for the shapes the index
 * serves and for those it does not, while records are written, updated, deleted, rolled back and wait for the
 * search index.
 */
class SoslIndexTest {

    SoslTest.MutableClock clock;
    Org org;
    final List<String> numbers = new ArrayList<>();

    @BeforeEach
    void freshOrg() {
        clock = new SoslTest.MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
        org = new Org(Schema.load(null), clock, Duration.ZERO, "integration@switchboard.local");
    }

    /** Runs a search with the indexes and with a scan, asserts equal answers, and returns the indexed one. */
    private List<Map<String, Object>> both(String sosl) {
        SoslQuery search = SoslParser.parse(sosl, org.schema());
        org.useIndexes(false);
        List<Map<String, Object>> scanned;
        try {
            scanned = org.runSearch(search, Org.DEFAULT_VERSION);
        } finally {
            org.useIndexes(true);
        }
        List<Map<String, Object>> indexed = org.runSearch(search, Org.DEFAULT_VERSION);
        assertThat(indexed).as(sosl).isEqualTo(scanned);
        return indexed;
    }

    private int assertSameAsScan(List<String> searches) {
        int rows = 0;
        for (String sosl : searches) {
            rows += both(sosl).size();
        }
        return rows;
    }

    /** Numbers in the formats people type, sharing last digits on purpose, with and without country codes. */
    private void seed(int people) {
        Random random = new Random(11);
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < people / 4; i++) {
            Map<String, Object> account = new LinkedHashMap<>();
            account.put("Name", "Company " + i);
            if (i % 3 != 0) {
                account.put("Phone", format(random, number(random)));
            }
            accounts.add(org.insert("Account", account));
        }
        for (int i = 0; i < people; i++) {
            Map<String, Object> person = new LinkedHashMap<>();
            person.put("FirstName", "First" + (i % 7));
            person.put("LastName", "Last" + (i % 13));
            if (i % 5 != 0) {
                person.put("Phone", format(random, number(random)));
            }
            if (i % 4 == 0) {
                person.put("MobilePhone", format(random, number(random)));
            }
            if (i % 2 == 0) {
                person.put("AccountId", accounts.get(i % accounts.size()));
                org.insert("Contact", person);
            } else {
                person.put("Company", "Company " + (i % 17));
                org.insert("Lead", person);
            }
        }
    }

    /** Ten digits with few distinct endings, so that last-four buckets hold several numbers. */
    private String number(Random random) {
        if (!numbers.isEmpty() && random.nextInt(4) == 0) {
            return numbers.get(random.nextInt(numbers.size()));
        }
        String n = (random.nextBoolean() ? "415" : "212") + "555" + String.format("%04d", random.nextInt(40));
        numbers.add(n);
        return n;
    }

    private static String format(Random random, String ten) {
        String a = ten.substring(0, 3);
        String b = ten.substring(3, 6);
        String c = ten.substring(6);
        return switch (random.nextInt(9)) {
            case 0 -> ten;
            case 1 -> "+1 " + a + " " + b + " " + c;
            case 2 -> "(" + a + ") " + b + "-" + c;
            case 3 -> a + "." + b + "." + c + " ext. " + random.nextInt(99);
            case 4 -> "1-" + a + "-" + b + "-" + c + " x" + random.nextInt(9);
            case 5 -> b + "-" + c;
            case 6 -> c;
            case 7 -> "+44 20 " + b + " " + c;
            default -> a + b + c + "#12";
        };
    }

    private List<String> phoneSearches() {
        String returning = " IN PHONE FIELDS RETURNING Contact(Id, FirstName, LastName, Phone, MobilePhone, Account.Name),"
                + " Lead(Id, LastName, Phone, MobilePhone, Company), Account(Id, Name, Phone)";
        List<String> searches = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i += 3) {
            String n = numbers.get(i);
            searches.add("FIND {" + n + "}" + returning);
            searches.add("FIND {" + SoslTest.escape("+1" + n) + " OR " + n.substring(3) + " OR 99999999999}" + returning + " LIMIT 2000");
        }
        searches.addAll(List.of(
                "FIND {4155550007 OR 2125550013 OR 4155550021}" + returning,
                "FIND {0007}" + returning,
                "FIND {50007}" + returning,
                "FIND {550007}" + returning,
                "FIND {5550007}" + returning,
                "FIND {" + SoslTest.escape("+44 20 555 0007") + "}" + returning,
                "FIND {0044205550007}" + returning,
                "FIND {" + SoslTest.escape("1-415-555-0007") + "}" + returning,
                "FIND {" + SoslTest.escape("(415) 555-0007") + "}" + returning,
                "FIND {4155550007 AND 4155550007}" + returning,
                "FIND {4155550007 AND First1}" + returning,
                "FIND {First1 AND 4155550007}" + returning,
                "FIND {4155550007 AND NOT 2125550007}" + returning,
                "FIND {(4155550007 OR 2125550013) AND NOT 4155550013}" + returning,
                "FIND {4155550007 OR First1}" + returning,
                "FIND {First1}" + returning,
                "FIND {555*}" + returning,
                "FIND {4155550007 OR 2125550013} IN PHONE FIELDS RETURNING Contact(LastName ORDER BY LastName DESC, Id),"
                        + " Lead(LastName WHERE LastName != 'Last3' ORDER BY Phone NULLS FIRST LIMIT 3)",
                "FIND {4155550007 OR 2125550013} IN PHONE FIELDS RETURNING Contact(LastName ORDER BY LastName LIMIT 5 OFFSET 2)",
                "FIND {4155550007 OR 2125550013} IN PHONE FIELDS RETURNING Contact(Id LIMIT 40), Lead(Id) LIMIT 7",
                "FIND {4155550007 OR 2125550013} IN PHONE FIELDS RETURNING Contact(Id WHERE FirstName = 'First2'),"
                        + " Lead(Id WHERE Phone LIKE '%0013%')",
                "FIND {4155550007 OR 2125550013} IN PHONE FIELDS RETURNING Contact, Lead, Account",
                "FIND {4155550007 OR 2125550013} RETURNING Contact(Id, Phone), Lead(Id, Phone)",
                "FIND {4155550007} IN ALL FIELDS RETURNING Contact(Id, Phone)",
                "FIND {4155550007} IN NAME FIELDS RETURNING Contact(Id, Phone)",
                "FIND {4155550007} IN EMAIL FIELDS RETURNING Contact(Id, Phone)"));
        return searches;
    }

    @Test
    void phoneSearchesAnswerAsTheScan() {
        seed(400);
        assertThat(assertSameAsScan(phoneSearches())).isGreaterThan(100);
        assertThat(both("FIND {4155550007} IN PHONE FIELDS RETURNING Contact(Id), Lead(Id), Account(Id)"))
                .as("a number shared by several people").hasSizeGreaterThan(1);
    }

    @Test
    void indexFollowsWritesDeletesRollbacksAndTheSearchIndexDelay() {
        seed(200);
        assertSameAsScan(phoneSearches()); // builds the phone indexes now, so the writes below must maintain them
        List<Map<String, Object>> contacts = org.query("SELECT Id, Phone FROM Contact WHERE Phone != null ORDER BY Id");
        String first = id(contacts.get(0));
        String second = id(contacts.get(1));
        String third = id(contacts.get(2));

        org.modify("Contact", first, Map.of("Phone", "+1 415 555 0007 ext. 5"));
        org.modify("Contact", second, Map.of("MobilePhone", "2125550013"));
        org.modify("Contact", second, Map.of("Phone", "415 555 0099"));
        org.remove("Contact", third);
        String lead = org.insert("Lead", Map.of("LastName", "New", "Company", "Co", "Phone", "4155550007"));
        org.convertLead(lead);
        assertThatThrownBy(() -> org.atomically(() -> {
            org.modify("Contact", first, Map.of("Phone", "9999999"));
            org.insert("Contact", Map.of("LastName", "Gone", "Phone", "4155550013"));
            throw ApiException.badRequest("ROLLBACK", "roll back");
        })).isInstanceOf(ApiException.class);
        assertSameAsScan(phoneSearches());

        // versions waiting for the search index: the old numbers are still found, the new ones not yet
        org.setSearchIndexDelay(Duration.ofMinutes(2));
        org.modify("Contact", first, Map.of("Phone", "2125550039"));
        org.modify("Contact", second, Map.of("Phone", "4155550001", "MobilePhone", "4155550002"));
        org.modify("Contact", second, Map.of("Phone", "4155550003"));
        org.insert("Contact", Map.of("LastName", "Pending", "Phone", "4155550007"));
        List<String> pending = new ArrayList<>(phoneSearches());
        pending.add("FIND {2125550039 OR 4155550001 OR 4155550002 OR 4155550003} IN PHONE FIELDS RETURNING Contact(Id)");
        assertSameAsScan(pending);
        assertThat(both("FIND {" + SoslTest.escape("+1 415 555 0007") + "} IN PHONE FIELDS RETURNING Contact(Id)"))
                .extracting(SoslIndexTest::id).contains(first).doesNotContain(lead);
        clock.advance(Duration.ofMinutes(3));
        assertThat(assertSameAsScan(pending)).isPositive();
        assertThat(both("FIND {2125550039} IN PHONE FIELDS RETURNING Contact(Id)"))
                .extracting(SoslIndexTest::id).contains(first);
        assertThat(both("FIND {4155550003} IN PHONE FIELDS RETURNING Contact(Id)"))
                .extracting(SoslIndexTest::id).contains(second);
    }

    @SuppressWarnings("unchecked")
    private static String id(Map<String, Object> row) {
        String url = ((Map<String, Object>) row.get("attributes")).get("url").toString();
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
