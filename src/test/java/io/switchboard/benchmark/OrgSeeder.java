package io.switchboard.benchmark;

import io.switchboard.emulator.Org;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seeds the emulated org with the population's Campaigns, Accounts, Contacts and Leads through {@link Org#insert}, the
 * emulator's in-memory path: no HTTP, no API usage counted. A few Leads share a Contact's email, as real orgs do,
 * so that the matching priority (Contact before Lead) is exercised.
 */
final class OrgSeeder {

    private OrgSeeder() {
    }

    /** What seeding made: the Campaigns' ids (events refer to them) and how long it took. */
    record Seeded(List<String> campaignIds, long nanos) {
    }

    /**
     * Inserts the Campaigns only. They go first in {@link #seed}, so a fresh org gives them the same ids every time;
     * the workload is written with these ids before any scenario runs.
     */
    static List<String> campaigns(Org org, Population population) {
        List<String> ids = new ArrayList<>();
        for (String name : population.campaigns()) {
            ids.add(org.insert("Campaign", Map.of("Name", name, "Type", "Email", "Status", "In Progress", "IsActive", true)));
        }
        return ids;
    }

    /** Inserts every record into a fresh org. */
    static Seeded seed(Org org, Population population) {
        long start = System.nanoTime();
        List<String> campaignIds = campaigns(org, population);
        Map<String, String> accountIds = new HashMap<>();
        for (String name : population.accounts()) {
            accountIds.put(name, org.insert("Account", Map.of("Name", name, "Industry", "Technology")));
        }
        for (Person p : population.contacts()) {
            Map<String, Object> contact = person(p);
            contact.put("AccountId", accountIds.get(p.company()));
            org.insert("Contact", contact);
        }
        for (Person p : population.leads()) {
            Map<String, Object> lead = person(p);
            lead.put("Company", p.company());
            lead.put("LeadSource", "Web");
            if (p.index() % 40 == 0 && p.index() < population.contacts().size()) {
                // the same person as a Contact and as an older Lead: matching must prefer the Contact
                lead.put("Email", population.contacts().get(p.index()).email());
            }
            org.insert("Lead", lead);
        }
        return new Seeded(campaignIds, System.nanoTime() - start);
    }

    private static Map<String, Object> person(Person p) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("FirstName", p.firstName());
        fields.put("LastName", p.lastName());
        fields.put("Email", p.email());
        fields.put(p.phoneIsMobile() ? "MobilePhone" : "Phone", p.storedPhone());
        return fields;
    }
}
