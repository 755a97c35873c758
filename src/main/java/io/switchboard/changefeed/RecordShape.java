package io.switchboard.changefeed;

import io.switchboard.matching.Domains;
import io.switchboard.matching.MatchingProperties;
import io.switchboard.matching.PhoneNumbers;
import io.switchboard.salesforce.OrgMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * What the feed reads of each object (the SOQL select list) and how a record's fields become an {@link OrgRecord}.
 * Fields are kept flat, a relationship's under its path ({@code Account.Name}, {@code Owner.Email}), the same
 * whether they came from a query or from a change event, so that a change can be applied to what was read.
 * Field names come from code and settings, never from Salesforce's data.
 */
@Component
class RecordShape {

    /** Fields a change event does not carry: they belong to the related record, so a change of its id re-reads. */
    static final Map<String, List<String>> RELATED = Map.of("AccountId", List.of("Account.Name"),
            "OwnerId", List.of("Owner.Email"));

    private final ChangeFeedProperties properties;
    private final OrgMetadata metadata;
    private final PhoneNumbers phones;
    private final Domains domains;
    private final String domainField;

    RecordShape(ChangeFeedProperties properties, OrgMetadata metadata, PhoneNumbers phones, Domains domains,
                MatchingProperties matching) {
        this.properties = properties;
        this.metadata = metadata;
        this.phones = phones;
        this.domains = domains;
        this.domainField = matching.accountDomainField();
    }

    String domainField() {
        return domainField;
    }

    /** Whether the org has Person Accounts (Account.IsPersonAccount exists only where they are enabled). */
    boolean personAccounts() {
        return metadata.field("Account", "IsPersonAccount").isPresent();
    }

    String select(FeedObject object) {
        Set<String> fields = new LinkedHashSet<>(List.of("Id", "LastModifiedDate", "OwnerId", "Owner.Email"));
        fields.addAll(object.phoneFields);
        switch (object) {
            case CONTACT -> fields.addAll(List.of("FirstName", "LastName", "Name", "Email", "AccountId", "Account.Name",
                    "Account." + domainField));
            case LEAD -> {
                fields.addAll(List.of("FirstName", "LastName", "Name", "Email", "Company", "IsConverted",
                        "ConvertedContactId", "ConvertedAccountId"));
                if (metadata.field("Lead", "Website").isPresent()) {
                    fields.add("Website");
                }
            }
            case ACCOUNT -> {
                fields.addAll(List.of("Name", domainField));
                if (personAccounts()) {
                    fields.addAll(List.of("IsPersonAccount", "FirstName", "LastName", "PersonEmail"));
                    fields.addAll(FeedObject.PERSON_ACCOUNT_PHONES);
                }
            }
        }
        fields.addAll(properties.extraFields(object));
        return String.join(", ", fields);
    }

    /** A queried record's fields, flat: nested relationship objects become {@code Account.Name} and so on. */
    static Map<String, Object> flatten(com.fasterxml.jackson.databind.JsonNode record) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", record, out);
        return out;
    }

    private static void flatten(String prefix, com.fasterxml.jackson.databind.JsonNode node, Map<String, Object> out) {
        node.fields().forEachRemaining(e -> {
            if ("attributes".equals(e.getKey())) {
                return;
            }
            com.fasterxml.jackson.databind.JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(prefix + e.getKey() + ".", v, out);
            } else if (v.isNull() || v.isMissingNode()) {
                out.put(prefix + e.getKey(), null);
            } else if (v.isBoolean()) {
                out.put(prefix + e.getKey(), v.booleanValue());
            } else if (v.isNumber()) {
                out.put(prefix + e.getKey(), v.numberValue());
            } else {
                out.put(prefix + e.getKey(), v.asText());
            }
        });
    }

    /** The published record of an object's fields. */
    OrgRecord build(FeedObject object, Map<String, Object> f, String origin) {
        boolean person = object == FeedObject.ACCOUNT && Boolean.TRUE.equals(f.get("IsPersonAccount"));
        String kind = person ? "PersonAccount" : object.sObject;
        String id = text(f, "Id");
        List<String> phoneFields = new ArrayList<>(object.phoneFields);
        if (person) {
            phoneFields.addAll(FeedObject.PERSON_ACCOUNT_PHONES);
        }
        List<OrgRecord.Phone> numbers = new ArrayList<>();
        for (String field : phoneFields) {
            String stored = text(f, field);
            if (stored != null && !stored.isBlank()) {
                numbers.add(new OrgRecord.Phone(field, stored, phones.toE164(stored).orElse(null)));
            }
        }
        String emailField = object == FeedObject.ACCOUNT ? "PersonEmail" : "Email";
        List<String> emails = new ArrayList<>();
        String email = text(f, emailField);
        if (email != null && !email.isBlank()) {
            emails.add(email.trim().toLowerCase(Locale.ROOT));
        }
        OrgRecord.Company company = switch (object) {
            case CONTACT -> text(f, "AccountId") == null ? null : new OrgRecord.Company(text(f, "AccountId"),
                    text(f, "Account.Name"), domain(text(f, "Account." + domainField)));
            case LEAD -> text(f, "Company") == null ? null
                    : new OrgRecord.Company(null, text(f, "Company"), domain(text(f, "Website")));
            case ACCOUNT -> person ? null : new OrgRecord.Company(id, text(f, "Name"), domain(text(f, domainField)));
        };
        OrgRecord.Owner owner = text(f, "OwnerId") == null ? null
                : new OrgRecord.Owner(text(f, "OwnerId"), text(f, "Owner.Email"));
        Map<String, Object> extra = new LinkedHashMap<>();
        for (String field : properties.extraFields(object)) {
            extra.put(field, f.get(field));
        }
        boolean lead = object == FeedObject.LEAD;
        return new OrgRecord(OrgRecord.VERSION, kind, id, name(object, person, f), text(f, "FirstName"),
                text(f, "LastName"), company, owner, emails, numbers,
                lead ? Boolean.TRUE.equals(f.get("IsConverted")) : null,
                lead ? text(f, "ConvertedContactId") : null, lead ? text(f, "ConvertedAccountId") : null,
                text(f, "LastModifiedDate"), extra, origin);
    }

    /**
     * The fields of a record as the feed published it, so that a change after a restart is applied to it as to a
     * record the feed read itself: what {@link #build} made of them, back under their field names. What build
     * normalized comes back normalized (a lower-case email, a website as its domain), which builds the same record.
     */
    Map<String, Object> fields(OrgRecord r) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Id", r.id());
        f.put("LastModifiedDate", r.lastModifiedDate());
        if (r.owner() != null) {
            f.put("OwnerId", r.owner().id());
            f.put("Owner.Email", r.owner().email());
        }
        r.phones().forEach(p -> f.put(p.field(), p.stored()));
        String email = r.emails().isEmpty() ? null : r.emails().get(0);
        OrgRecord.Company company = r.company();
        switch (r.object()) {
            case "Contact" -> {
                f.putAll(names(r));
                f.put("Email", email);
                if (company != null) {
                    f.put("AccountId", company.accountId());
                    f.put("Account.Name", company.name());
                    f.put("Account." + domainField, company.domain());
                }
            }
            case "Lead" -> {
                f.putAll(names(r));
                f.put("Email", email);
                f.put("Company", company == null ? null : company.name());
                f.put("Website", company == null ? null : company.domain());
                f.put("IsConverted", r.converted());
                f.put("ConvertedContactId", r.convertedContactId());
                f.put("ConvertedAccountId", r.convertedAccountId());
            }
            case "PersonAccount" -> {
                f.putAll(names(r));
                f.put("IsPersonAccount", true);
                f.put("PersonEmail", email);
            }
            default -> {
                f.put("Name", r.name());
                f.put(domainField, company == null ? null : company.domain());
                if (personAccounts()) {
                    f.put("IsPersonAccount", false);
                }
            }
        }
        f.putAll(r.fields());
        return f;
    }

    private static Map<String, Object> names(OrgRecord r) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Name", r.name());
        f.put("FirstName", r.firstName());
        f.put("LastName", r.lastName());
        return f;
    }

    private static String name(FeedObject object, boolean person, Map<String, Object> f) {
        String name = text(f, "Name");
        if (name != null && (object == FeedObject.ACCOUNT && !person || text(f, "LastName") == null)) {
            return name;
        }
        String joined = String.join(" ", java.util.stream.Stream.of(text(f, "FirstName"), text(f, "LastName"))
                .filter(s -> s != null && !s.isBlank()).toList());
        return joined.isEmpty() ? name : joined;
    }

    private String domain(String website) {
        return website == null ? null : domains.normalize(website).orElse(null);
    }

    static String text(Map<String, Object> f, String field) {
        Object v = f.get(field);
        return v == null ? null : v.toString();
    }
}
