package io.switchboard.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The people of the benchmark, derived from a fixed seed: Accounts with their Contacts and Leads that are seeded
 * into the org, and people the org does not know yet (new callers, form fillers). Warm-up events get people of
 * their own, so that the Leads they create do not turn the measured workload's unknown callers into known ones.
 */
record Population(List<String> campaigns, List<String> accounts, List<Person> contacts, List<Person> leads,
                  List<Person> unknown, List<Person> warmupUnknown) {

    private static final String[] FIRST = {"Dana", "Ann", "Luis", "Mei", "Omar", "Priya", "Jonas", "Chloe", "Kwame",
        "Sofia", "Tomas", "Yuki", "Ravi", "Elena", "Marcus", "Ines", "Noah", "Aisha", "Pavel", "Grace", "Hugo", "Lena",
        "Mateo", "Zara", "Felix", "Nora", "Ivan", "Maya", "Samir", "Olga"};
    private static final String[] LAST = {"Whitfield", "Garcia", "Chen", "Okafor", "Novak", "Patel", "Schmidt",
        "Dubois", "Mensah", "Rossi", "Silva", "Tanaka", "Iyer", "Petrova", "Brown", "Moreau", "Kowalski", "Haddad",
        "Larsen", "O'Brien", "Fischer", "Nguyen", "Alvarez", "Kim", "Cohen", "Walsh", "Ito", "Sato", "Ahmed", "Costa"};
    private static final String[] COMPANY_WORDS = {"Acme", "Northwind", "Globex", "Initech", "Umbrella", "Stark",
        "Wayne", "Hooli", "Vandelay", "Soylent", "Tyrell", "Cyberdyne", "Wonka", "Gringotts", "Oscorp", "Aperture"};
    private static final String[] AREA_CODES = {"415", "212", "312", "617", "206", "303", "512", "646", "702", "919"};
    private static final String[] EXCHANGES = {"234", "246", "321", "362", "427", "468", "538", "624", "679", "735",
        "782", "846", "873", "924", "967", "283"};

    /** Phone numbers of the four groups never overlap: each group numbers its people from its own offset. */
    private static final int LEAD_OFFSET = 200_000;
    private static final int UNKNOWN_OFFSET = 400_000;
    private static final int WARMUP_OFFSET = 600_000;

    static Population generate(long seed, int accountCount, int contactCount, int leadCount, int unknownCount) {
        Random random = new Random(seed);
        List<String> accounts = new ArrayList<>(accountCount);
        for (int i = 0; i < accountCount; i++) {
            accounts.add(COMPANY_WORDS[random.nextInt(COMPANY_WORDS.length)] + " "
                    + (i + 1) + (random.nextBoolean() ? " Inc." : " Ltd."));
        }
        List<Person> contacts = people(random, Person.Kind.CONTACT, contactCount, 0, accounts, "example.com");
        List<Person> leads = people(random, Person.Kind.LEAD, leadCount, LEAD_OFFSET, accounts, "example.org");
        List<Person> unknown = people(random, Person.Kind.UNKNOWN, unknownCount, UNKNOWN_OFFSET, accounts, "example.net");
        List<Person> warmup = people(random, Person.Kind.UNKNOWN, 500, WARMUP_OFFSET, accounts, "warmup.example.net");
        List<String> campaigns = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            campaigns.add("Newsletter 2026-" + String.format("%02d", i));
        }
        return new Population(campaigns, accounts, contacts, leads, unknown, warmup);
    }

    private static List<Person> people(Random random, Person.Kind kind, int count, int offset, List<String> accounts,
                                       String domain) {
        List<Person> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String first = FIRST[random.nextInt(FIRST.length)];
            String last = LAST[random.nextInt(LAST.length)];
            String company = accounts.get(random.nextInt(accounts.size()));
            String local = (first + "." + last).toLowerCase(Locale.ROOT).replace("'", "");
            String email = local + "." + (offset + i) + "@" + domain;
            int number = offset + i;
            // People type numbers into Salesforce in every format; the org stores them as typed.
            String stored = kind == Person.Kind.UNKNOWN ? null : formatted(number, random.nextInt(5));
            out.add(new Person(kind, i, first, last, email, e164(number), stored, random.nextInt(5) == 0, company));
        }
        return out;
    }

    /** A unique, valid North American number for a person number (unique below 1.6 million). */
    static String e164(int number) {
        return "+1" + AREA_CODES[number % 10] + EXCHANGES[(number / 10) % 16] + String.format("%04d", (number / 160) % 10_000);
    }

    /** "(415) 234-0001" for "+14152340001". */
    static String national(String e164) {
        String digits = e164.substring(2);
        return "(" + digits.substring(0, 3) + ") " + digits.substring(3, 6) + "-" + digits.substring(6);
    }

    static String formatted(int number, int style) {
        String digits = e164(number).substring(2);
        String area = digits.substring(0, 3);
        String exchange = digits.substring(3, 6);
        String line = digits.substring(6);
        return switch (style) {
            case 0 -> "(" + area + ") " + exchange + "-" + line;
            case 1 -> area + "-" + exchange + "-" + line;
            case 2 -> "+1 " + area + " " + exchange + " " + line;
            case 3 -> "+1" + digits;
            default -> area + "." + exchange + "." + line;
        };
    }

    int seededRecords() {
        return campaigns.size() + accounts.size() + contacts.size() + leads.size();
    }
}
