package io.switchboard.matching;

import io.switchboard.model.Match;

import static io.switchboard.matching.MatcherCalls.interaction;
import static io.switchboard.matching.MatcherCalls.person;
import static io.switchboard.matching.MatcherCalls.requestsReported;
import static io.switchboard.matching.MatcherCalls.rule;
import static io.switchboard.matching.MatcherCalls.uniqueUsDigits;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.emulator.Org;
import io.switchboard.model.Interaction;
import io.switchboard.model.rule.MatchStrategy;
import io.switchboard.model.rule.TypeRule;
import io.switchboard.testing.EndToEndTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every strategy and priority rule of the matching stage, over the real Camel Salesforce component and the emulated
 * org. The rules here are built in code, since the service's rules file only uses some strategies.
 */
class MatchingStrategiesIT extends EndToEndTest {

    private static final String[] ALL = {"Contact", "Lead", "Account", "PersonAccount"};

    @Autowired
    Matcher matcher;
    @Autowired
    MatchCache cache;

    private final Org org = bed.salesforce().org();
    /** Records this test wrote: matching waits until the search index has them, as on a real org. */
    private final List<String[]> written = new ArrayList<>();

    @BeforeEach
    void startCold() {
        cache.clear();
        written.clear();
    }

    private String insert(String sObject, Map<String, Object> fields) {
        String id = org.insert(sObject, fields);
        written.add(new String[] {sObject, id});
        return id;
    }

    private void modify(String sObject, String id, Map<String, Object> fields) {
        org.modify(sObject, id, fields);
        written.add(new String[] {sObject, id});
    }

    /**
     * The emulator's search index lags behind writes like a real org's (seconds here, minutes there): a test of
     * what SOSL finds waits for it, with a deadline, rather than turning the lag off.
     */
    private void awaitIndexed() {
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> written.stream().allMatch(w -> org.searchable(w[0], w[1])));
    }

    private List<Interaction> match(List<Interaction> batch) {
        awaitIndexed();
        return matcher.match(batch);
    }

    private Interaction matchOne(TypeRule rule, Map<String, Object> data) {
        return match(List.of(interaction(rule, data))).get(0);
    }

    // ------------------------------------------------------------------ email

    @Test
    void emailFindsContactAndLeadCaseInsensitivelyAndTheContactWinsWithItsAccount() {
        String email = unique("sam") + "@example.com";
        String accountId = insert("Account", Map.of("Name", unique("Sam Co")));
        String contactId = insert("Contact", Map.of("LastName", "Sam", "Email", email, "AccountId", accountId));
        String leadId = insert("Lead", Map.of("LastName", "Sam", "Company", "X", "Email", email.toUpperCase()));

        Interaction both = matchOne(rule(MatchStrategy.EMAIL_ONLY, "Contact", "Lead"),
                person("email", "  " + email.toUpperCase() + " "));
        assertThat(both.match()).satisfies(m -> {
            assertThat(m.sObject()).isEqualTo("Contact");
            assertThat(m.id()).isEqualTo(contactId);
            assertThat(m.by()).isEqualTo("email");
            assertThat(m.accountId()).isEqualTo(accountId);
            assertThat(m.whoId()).isEqualTo(contactId);
            assertThat(m.identity()).isEqualTo(email);
            assertThat(m.ambiguous()).isFalse();
        });
        assertThat(both.notes()).anyMatch(n -> n.startsWith("matching: Contact " + contactId + " by email (Account "));

        Interaction leadFirst = matchOne(rule(MatchStrategy.EMAIL_ONLY, "Lead", "Contact"), person("email", email));
        assertThat(leadFirst.match().id()).isEqualTo(leadId);
        assertThat(leadFirst.match().accountId()).isNull();
    }

    @Test
    void emailFindsAPersonAccountByPersonEmail() {
        String email = unique("pat") + "@example.com";
        String accountId = insert("Account", Map.of("FirstName", "Pat", "LastName", unique("Person"),
                "PersonEmail", email));

        Match m = matchOne(rule(MatchStrategy.EMAIL_ONLY, ALL), person("email", email)).match();
        assertThat(m.sObject()).isEqualTo("Account");
        assertThat(m.kind()).isEqualTo("PersonAccount");
        assertThat(m.id()).isEqualTo(accountId);
        assertThat(m.accountId()).isEqualTo(accountId);
    }

    @Test
    void aConvertedLeadIsNeverMatchedItsContactIs() {
        String email = unique("conv") + "@example.com";
        String leadId = insert("Lead", Map.of("LastName", "Conv", "Company", "Conv Co", "Email", email));
        String contactId = org.convertLead(leadId);

        Match m = matchOne(rule(MatchStrategy.EMAIL_ONLY, "Lead", "Contact"), person("email", email)).match();
        assertThat(m.id()).isEqualTo(contactId);
    }

    // ------------------------------------------------------------------ phone

    static Stream<Arguments> everyPhoneField() {
        return Stream.of(
                Arguments.of("Contact", "Phone", "(%s) %s-%s", "Contact"),
                Arguments.of("Contact", "MobilePhone", "%s.%s.%s", "Contact"),
                Arguments.of("Contact", "HomePhone", "+1 %s-%s-%s", "Contact"),
                Arguments.of("Contact", "OtherPhone", "%s-%s-%s ext. 12", "Contact"),
                Arguments.of("Contact", "AssistantPhone", "1 %s %s %s", "Contact"),
                Arguments.of("Lead", "Phone", "+1 (%s) %s-%s x99", "Lead"),
                Arguments.of("Lead", "MobilePhone", "%s%s%s", "Lead"),
                Arguments.of("Account", "Phone", "(%s) %s-%s", "Account"),
                Arguments.of("PersonAccount", "Phone", "%s.%s.%s", "PersonAccount"),
                Arguments.of("PersonAccount", "PersonMobilePhone", "+1 %s %s %s", "PersonAccount"),
                Arguments.of("PersonAccount", "PersonHomePhone", "(%s) %s-%s", "PersonAccount"),
                Arguments.of("PersonAccount", "PersonOtherPhone", "%s-%s-%s #7", "PersonAccount"),
                Arguments.of("PersonAccount", "PersonAssistantPhone", "+1-%s-%s-%s", "PersonAccount"));
    }

    @ParameterizedTest(name = "{0}.{1} stored as {2}")
    @MethodSource("everyPhoneField")
    void phoneFindsEveryPhoneFieldInAnyStoredFormat(String kind, String field, String format, String expected) {
        String d = uniqueUsDigits();
        String stored = String.format(format, d.substring(0, 3), d.substring(3, 6), d.substring(6));
        String id = insertWithPhone(kind, field, stored);

        Match m = matchOne(rule(MatchStrategy.PHONE_ONLY, ALL), Map.of("call", Map.of("fromNumber", "+1" + d))).match();
        assertThat(m.id()).as("match for %s stored in %s as %s", "+1" + d, field, stored).isEqualTo(id);
        assertThat(m.kind()).isEqualTo(expected);
        assertThat(m.by()).isEqualTo("phone");
        assertThat(m.identity()).isEqualTo("+1" + d);
    }

    @Test
    void phoneNumbersOfOtherCountriesMatchInTheirOwnFormats() {
        String tail = uniqueUsDigits().substring(6);
        String uk = insert("Contact", Map.of("LastName", unique("Brit"), "Phone", "+44 (0)20 7946 " + tail));
        String de = insert("Lead", Map.of("LastName", unique("Berlin"), "Company", "X",
                "MobilePhone", "+49 (0)30 9018 " + tail));
        TypeRule rule = rule(MatchStrategy.PHONE_ONLY, "Contact", "Lead");

        assertThat(matchOne(rule, person("phone", "+442079 46" + tail)).match().id()).isEqualTo(uk);
        assertThat(matchOne(rule, person("mobile", "+49 30 9018" + tail)).match().id()).isEqualTo(de);
    }

    @Test
    void emailThenPhoneFallsBackToPhoneOnlyWhenTheEmailFindsNobody() {
        String d = uniqueUsDigits();
        String known = unique("known") + "@example.com";
        String byPhone = insert("Contact", Map.of("LastName", unique("Phone"), "MobilePhone", d));
        String byEmail = insert("Lead", Map.of("LastName", unique("Mail"), "Company", "X", "Email", known));
        TypeRule rule = rule(MatchStrategy.EMAIL_THEN_PHONE, "Contact", "Lead");

        Interaction fallback = matchOne(rule, person("email", unique("nobody") + "@example.com", "phone", "+1" + d));
        assertThat(fallback.match().id()).isEqualTo(byPhone);
        assertThat(fallback.match().by()).isEqualTo("phone");

        // the email finds a Lead: that wins, although the number belongs to a Contact (email first)
        Interaction emailFirst = matchOne(rule, person("email", known, "phone", "+1" + d));
        assertThat(emailFirst.match().id()).isEqualTo(byEmail);
        assertThat(emailFirst.match().by()).isEqualTo("email");
    }

    // ------------------------------------------------------------------ priority and ambiguity

    @Test
    void theRulesObjectOrderDecidesWhenSeveralObjectsMatch() {
        String d = uniqueUsDigits();
        String contact = insert("Contact", Map.of("LastName", unique("C"), "Phone", d));
        String lead = insert("Lead", Map.of("LastName", unique("L"), "Company", "X", "Phone", d));
        String account = insert("Account", Map.of("Name", unique("A"), "Phone", d));
        String personAccount = insert("Account", Map.of("LastName", unique("P"), "PersonMobilePhone", d));
        Map<String, Object> data = person("phone", "+1" + d);

        assertThat(matchOne(rule(MatchStrategy.PHONE_ONLY, ALL), data).match().id()).isEqualTo(contact);
        assertThat(matchOne(rule(MatchStrategy.PHONE_ONLY, "Lead", "Contact", "Account", "PersonAccount"), data)
                .match().id()).isEqualTo(lead);
        assertThat(matchOne(rule(MatchStrategy.PHONE_ONLY, "Account", "PersonAccount"), data).match())
                .satisfies(m -> {
                    assertThat(m.id()).isEqualTo(account);
                    assertThat(m.whoId()).isNull();
                    assertThat(m.accountId()).isEqualTo(account);
                });
        assertThat(matchOne(rule(MatchStrategy.PHONE_ONLY, "PersonAccount", "Account"), data).match().id())
                .isEqualTo(personAccount);
    }

    @Test
    void severalRecordsOfOneObjectTheMostRecentlyModifiedWinsAndTheOthersAreListed() {
        String email = unique("twin") + "@example.com";
        String first = insert("Contact", Map.of("LastName", "First", "Email", email));
        String second = insert("Contact", Map.of("LastName", "Second", "Email", email));
        String third = insert("Contact", Map.of("LastName", "Third", "Email", email));
        awaitClockPast(third);
        modify("Contact", second, Map.of("Title", "touched last"));

        Interaction i = matchOne(rule(MatchStrategy.EMAIL_ONLY, "Contact", "Lead"), person("email", email));
        assertThat(i.match().id()).isEqualTo(second);
        assertThat(i.match().ambiguous()).isTrue();
        assertThat(i.match().alsoMatched()).containsExactlyInAnyOrder(first, third);
        assertThat(i.notes()).anyMatch(n -> n.contains("ambiguous: 3 Contact records matched")
                && n.contains(first) && n.contains(third));
    }

    /**
     * Waits (without sleeping blindly) until the org's clock has moved past the second of a record's
     * LastModifiedDate: Salesforce keeps whole seconds, so a change within the same second would tie.
     */
    private void awaitClockPast(String contactId) {
        String modified = String.valueOf(org.get("Contact", contactId).get("LastModifiedDate"));
        java.time.format.DateTimeFormatter salesforceTime = java.time.format.DateTimeFormatter
                .ofPattern("yyyy-MM-dd'T'HH:mm:ss'.000'Z").withZone(java.time.ZoneOffset.UTC);
        Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).pollInterval(java.time.Duration.ofMillis(20))
                .until(() -> salesforceTime.format(java.time.Instant.now()).compareTo(modified) > 0);
    }

    // ------------------------------------------------------------------ a given Salesforce id

    @Test
    void aGivenSalesforceIdIsVerifiedAndUsedIn18Or15Characters() {
        String email = unique("id") + "@example.com";
        String contact = insert("Contact", Map.of("LastName", unique("Id"), "Email", email));
        insert("Lead", Map.of("LastName", "Other", "Company", "X", "Email", email));
        TypeRule rule = rule(MatchStrategy.SALESFORCE_ID_FIRST, "Lead", "Contact");

        Match full = matchOne(rule, person("salesforceId", contact, "email", email)).match();
        assertThat(full.id()).isEqualTo(contact);
        assertThat(full.by()).isEqualTo("salesforceId");
        Match shortId = matchOne(rule, person("salesforceId", contact.substring(0, 15))).match();
        assertThat(shortId.id()).isEqualTo(contact);
    }

    @Test
    void aGivenIdThatIsGoneOrConvertedOrMalformedFallsBackToEmailAndSaysWhy() {
        String email = unique("gone") + "@example.com";
        String deleted = insert("Contact", Map.of("LastName", "Deleted", "Email", "x" + email));
        org.remove("Contact", deleted);
        String lead = insert("Lead", Map.of("LastName", "Lead", "Company", "X", "Email", email));
        TypeRule rule = rule(MatchStrategy.SALESFORCE_ID_FIRST, "Contact", "Lead");

        Interaction gone = matchOne(rule, person("salesforceId", deleted, "email", email));
        assertThat(gone.match().id()).isEqualTo(lead);
        assertThat(gone.match().by()).isEqualTo("email");
        assertThat(gone.notes()).anyMatch(n -> n.contains("no live record") && n.contains(deleted.substring(0, 15)));

        String contact = org.convertLead(lead);
        Interaction converted = matchOne(rule, person("salesforceId", lead, "email", email));
        assertThat(converted.match().id()).isEqualTo(contact);
        assertThat(converted.notes()).anyMatch(n -> n.contains("Lead " + lead) && n.contains("converted"));

        Interaction malformed = matchOne(rule, person("salesforceId", "003' OR Id != '", "email", email));
        assertThat(malformed.match().id()).isEqualTo(contact);
        assertThat(malformed.notes()).anyMatch(n -> n.contains("ignored person.salesforceId '003' OR Id != ''"));
    }

    // ------------------------------------------------------------------ account by domain

    @Test
    void accountsMatchByTheirNormalizedWebsiteDomain() {
        String name = unique("acme").toLowerCase();
        String account = insert("Account", Map.of("Name", name, "Website", "https://www." + name.toUpperCase() + ".com/about"));
        String lookalike = insert("Account", Map.of("Name", "not" + name, "Website", "not" + name + ".com"));
        String suffixed = insert("Account", Map.of("Name", name + " evil", "Website", name + ".com.evil.org"));
        TypeRule rule = MatcherCalls.ruleCreating(MatchStrategy.ACCOUNT_BY_DOMAIN, "Account", "Account");

        Match byWebsite = matchOne(rule, person("website", "HTTP://" + name + ".com:443/contact?x=1")).match();
        assertThat(byWebsite.id()).isEqualTo(account);
        assertThat(byWebsite.by()).isEqualTo("domain");
        assertThat(byWebsite.alsoMatched()).doesNotContain(lookalike, suffixed);
        assertThat(byWebsite.identity()).isEqualTo(name + ".com");

        Match byEmail = matchOne(rule, person("email", "dana@sales." + name + ".com")).match();
        assertThat(byEmail.id()).isEqualTo(account);
    }

    @Test
    void subdomainsFoldByThePublicSuffixListAndInternationalNamesMatchEitherForm() {
        String name = unique("shop").toLowerCase();
        String uk = insert("Account", Map.of("Name", name, "Website", name + ".co.uk:443"));
        String unicode = "bücher-" + name + ".de";
        String german = insert("Account", Map.of("Name", unicode, "Website", "https://" + unicode + "/laden"));
        TypeRule rule = rule(MatchStrategy.ACCOUNT_BY_DOMAIN, "Account");

        assertThat(matchOne(rule, person("website", "https://eu.sales." + name + ".co.uk/")).match().id()).isEqualTo(uk);
        assertThat(matchOne(rule, person("email", "info@" + java.net.IDN.toASCII(unicode))).match().id())
                .isEqualTo(german);
    }

    @Test
    void freeMailDomainsNeverMatchAnAccount() {
        insert("Account", Map.of("Name", unique("Google"), "Website", "https://gmail.com"));
        Interaction i = matchOne(rule(MatchStrategy.ACCOUNT_BY_DOMAIN, "Account"),
                person("email", unique("dana") + "@gmail.com"));
        assertThat(i.match().found()).isFalse();
        assertThat(i.notes()).anyMatch(n -> n.contains("free-mail"));
        assertThat(requestsReported(i)).isZero();
    }

    // ------------------------------------------------------------------ hostile and invalid values

    @Test
    void hostileEmailsMatchExactlyAndCannotChangeTheQuery() {
        String tag = unique("x").replace("-", "");
        String hostile = "o'brien%_*?{}|~^$&!#=" + tag + "@example.com";
        String wildcardVictim = "oXbrienABCD{}|~^$&!#=" + tag + "@example.com";
        String target = insert("Contact", Map.of("LastName", "O'Brien \\ \"quoted\"", "Email", hostile));
        String victim = insert("Contact", Map.of("LastName", "Victim", "Email", wildcardVictim));
        TypeRule rule = rule(MatchStrategy.EMAIL_THEN_PHONE, ALL);

        Interaction exact = matchOne(rule, person("email", hostile.toUpperCase()));
        assertThat(exact.match().id()).isEqualTo(target);
        assertThat(exact.match().alsoMatched()).doesNotContain(victim);

        Interaction injection = matchOne(rule, person("email", "x' OR Email != '", "phone", "' OR Phone != '",
                "salesforceId", "' OR Id != '"));
        assertThat(injection.match().found()).isFalse();
        assertThat(injection.match().identity()).isNull();
        assertThat(injection.notes()).anyMatch(n -> n.contains("ignored person.email"))
                .anyMatch(n -> n.contains("ignored person.phone"))
                .anyMatch(n -> n.contains("nothing to match on"));
    }

    @Test
    void quotesAndSpecialCharactersInValidAddressesAreQueriedSafely() {
        String email = "zoe.o'brien+{x}|~%_-" + unique("u") + "@example.com";
        Interaction i = matchOne(rule(MatchStrategy.EMAIL_ONLY, ALL), person("email", email.toUpperCase()));
        assertThat(i.match().found()).isFalse();
        assertThat(i.match().identity()).isEqualTo(email.toLowerCase());
    }

    @Test
    void anAddressSalesforceWouldRefuseIsIgnoredWithANote() {
        // non-ASCII needs Email Address Internationalization, which an org must activate
        Interaction i = matchOne(rule(MatchStrategy.EMAIL_ONLY, ALL), person("email", "zoë.山田@example.com"));
        assertThat(i.match().found()).isFalse();
        assertThat(i.notes()).anyMatch(n -> n.contains("ignored person.email") && n.contains("not a valid email address"));
    }

    @Test
    void anInvalidEmailIsNotedAndTheNumberStillMatches() {
        String d = uniqueUsDigits();
        String lead = insert("Lead", Map.of("LastName", unique("Inv"), "Company", "X", "Phone", "(" + d.substring(0, 3)
                + ") " + d.substring(3, 6) + "-" + d.substring(6)));
        Interaction i = matchOne(rule(MatchStrategy.EMAIL_THEN_PHONE, "Contact", "Lead"),
                person("email", "not-an-email", "phone", d));
        assertThat(i.match().id()).isEqualTo(lead);
        assertThat(i.match().identity()).isEqualTo("+1" + d);
        assertThat(i.notes()).anyMatch(n -> n.equals("matching: ignored person.email 'not-an-email': not a valid email address"));
    }

    // ------------------------------------------------------------------ cost and cache

    @Test
    void aBatchCostsABoundedNumberOfRequestsWhateverItsSize() {
        TypeRule rule = rule(MatchStrategy.EMAIL_THEN_PHONE, ALL);
        List<Interaction> batch = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < 40; n++) {
            String email = unique("bulk") + "@example.com";
            String d = uniqueUsDigits();
            switch (n % 4) {
                case 0 -> expected.add(insert("Contact", Map.of("LastName", "B" + n, "Email", email)));
                case 1 -> expected.add(insert("Lead", Map.of("LastName", "B" + n, "Company", "X", "Phone", d)));
                case 2 -> expected.add(insert("Account", Map.of("Name", "B" + n, "Phone", "+1 " + d)));
                default -> expected.add(null);
            }
            batch.add(interaction(rule, person("email", email, "phone", d)));
        }
        List<Interaction> matched = match(batch);

        for (int n = 0; n < 40; n++) {
            assertThat(matched.get(n).match().id()).as("event %d", n).isEqualTo(expected.get(n));
        }
        // one round for every kind: a query each for Contact, Lead and Account (emails, numbers) and one phone
        // search, four reads in one composite request, for one event as for forty
        assertThat(matched).allSatisfy(i -> {
            assertThat(requestsReported(i)).isEqualTo(1);
            assertThat(i.notes()).contains("matching: 1 Salesforce request for a batch of 40 events");
        });
        int one = requestsReported(match(List.of(interaction(rule,
                person("email", unique("single") + "@example.com", "phone", uniqueUsDigits())))).get(0));
        assertThat(one).isEqualTo(1);
    }

    @Test
    void aThousandEventsAreMatchedInAFewRequestsWhoseQueriesStayWithinSalesforcesLimits() {
        TypeRule rule = rule(MatchStrategy.EMAIL_THEN_PHONE, "Contact", "Lead");
        String d = uniqueUsDigits();
        String last = insert("Lead", Map.of("LastName", "Last", "Company", "X", "Phone", "+1" + d));
        List<Interaction> batch = new ArrayList<>();
        for (int n = 0; n < 999; n++) {
            batch.add(interaction(rule, person("email", unique("many-" + n) + "@example.com", "phone", uniqueUsDigits())));
        }
        batch.add(interaction(rule, person("email", unique("last") + "@example.com", "phone", d)));

        List<Interaction> matched = match(batch);

        // the emulator refuses any query URL over 16,384 characters, as Salesforce does: none failed
        assertThat(matched).allSatisfy(i -> assertThat(i.failure()).isNull());
        assertThat(matched.get(999).match().id()).isEqualTo(last);
        // 1,000 emails and 1,000 numbers (three forms in two fields each): a dozen queries per object and ten
        // searches, five reads to a request; a thousand would be spent one event at a time
        assertThat(requestsReported(matched.get(0))).isBetween(2, 10);
    }

    @Test
    void aNumberSharedByThousandsOfRecordsNeverCrowdsAnotherEventsEmailMatchOut() {
        String email = unique("older") + "@example.com";
        String older = insert("Contact", Map.of("LastName", "Older", "Email", email));
        String shared = uniqueUsDigits();
        for (int n = 0; n < 2_100; n++) {
            // a company's main line on every newer Contact: the combined answer's 2,000 rows are all theirs
            insert("Contact", Map.of("LastName", "Staff " + n, "Phone", "+1" + shared));
        }
        TypeRule rule = rule(MatchStrategy.EMAIL_THEN_PHONE, "Contact", "Lead");

        List<Interaction> batch = new ArrayList<>(List.of(
                interaction(rule, person("email", email)),
                interaction(rule, person("phone", "+1" + shared))));
        List<String> others = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            String d = uniqueUsDigits();
            others.add(insert("Lead", Map.of("LastName", "Caller " + n, "Company", "X", "Phone", "+1" + d)));
            batch.add(interaction(rule, person("phone", "+1" + d)));
        }

        List<Interaction> matched = match(batch);

        assertThat(matched.get(0).match().id()).isEqualTo(older);
        assertThat(matched.get(0).match().by()).isEqualTo("email");
        assertThat(matched.get(1).match().by()).isEqualTo("phone");
        assertThat(matched.get(1).match().ambiguous()).isTrue();
        for (int n = 0; n < 20; n++) {
            assertThat(matched.get(n + 2).match().id()).isEqualTo(others.get(n));
        }
        // the cut answers are asked again: by kind, then the shared number alone and the other numbers together
        assertThat(requestsReported(matched.get(0))).isLessThanOrEqualTo(3);
    }

    @Test
    void theCacheSparesRepeatedLookupsButNeverHidesARecordCreatedMeanwhile() {
        String email = unique("cached") + "@example.com";
        String contact = insert("Contact", Map.of("LastName", "Cached", "Email", email));
        TypeRule rule = rule(MatchStrategy.EMAIL_ONLY, "Contact", "Lead");

        assertThat(requestsReported(matchOne(rule, person("email", email)))).isPositive();
        Interaction again = matchOne(rule, person("email", email));
        assertThat(again.match().id()).isEqualTo(contact);
        assertThat(requestsReported(again)).isZero();

        String newcomer = unique("new") + "@example.com";
        assertThat(matchOne(rule, person("email", newcomer)).match().found()).isFalse();
        String lead = insert("Lead", Map.of("LastName", "New", "Company", "X", "Email", newcomer));
        assertThat(matchOne(rule, person("email", newcomer)).match().id()).isEqualTo(lead);

        // a remembered Lead never hides a Contact ranked above it: the Contact is always asked afresh
        String contactLater = insert("Contact", Map.of("LastName", "Later", "Email", newcomer));
        assertThat(matchOne(rule, person("email", newcomer)).match().id()).isEqualTo(contactLater);
    }

    private String insertWithPhone(String kind, String field, String stored) {
        return switch (kind) {
            case "Contact" -> insert("Contact", Map.of("LastName", unique("Ph"), field, stored));
            case "Lead" -> insert("Lead", Map.of("LastName", unique("Ph"), "Company", "X", field, stored));
            case "Account" -> insert("Account", Map.of("Name", unique("Ph"), field, stored));
            default -> insert("Account", Map.of("LastName", unique("Ph"), field, stored));
        };
    }
}
