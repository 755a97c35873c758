package io.switchboard.matching;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.salesforce.OrgMetadata;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The fields and filters of matching queries per Salesforce object, and how a returned record becomes a
 * {@link Candidate}. Field names come from code and settings, never from events.
 */
@Component
class RecordShapes {

    private final OrgMetadata metadata;
    private final PhoneNumbers phones;
    private final Domains domains;
    private final String domainField;

    RecordShapes(OrgMetadata metadata, PhoneNumbers phones, Domains domains, MatchingProperties properties) {
        this.metadata = metadata;
        this.phones = phones;
        this.domains = domains;
        this.domainField = properties.accountDomainField();
    }

    /** Asks the org's (cached) metadata only when Accounts are matched at all. */
    OrgShape shape(Set<PersonObject> wanted) {
        if (!wanted.contains(PersonObject.ACCOUNT) && !wanted.contains(PersonObject.PERSON_ACCOUNT)) {
            return new OrgShape(false, false);
        }
        boolean personAccounts = metadata.field("Account", "IsPersonAccount").isPresent();
        boolean contactFlag = personAccounts && wanted.contains(PersonObject.CONTACT)
                && metadata.field("Contact", "IsPersonAccount").isPresent();
        return new OrgShape(personAccounts, contactFlag);
    }

    boolean available(PersonObject object, OrgShape shape) {
        return object != PersonObject.PERSON_ACCOUNT || shape.personAccounts();
    }

    String select(String sObject, OrgShape shape) {
        Set<String> fields = new LinkedHashSet<>(List.of("Id", "LastModifiedDate", "Name"));
        switch (sObject) {
            case "Contact" -> {
                fields.addAll(List.of("Email", "AccountId"));
                fields.addAll(PersonObject.CONTACT.phoneFields);
            }
            case "Lead" -> {
                fields.addAll(List.of("Email", "IsConverted", "ConvertedContactId"));
                fields.addAll(PersonObject.LEAD.phoneFields);
            }
            default -> {
                fields.addAll(PersonObject.ACCOUNT.phoneFields);
                fields.add(domainField);
                if (shape.personAccounts()) {
                    fields.addAll(List.of("IsPersonAccount", "PersonEmail", "PersonContactId"));
                    fields.addAll(PersonObject.PERSON_ACCOUNT.phoneFields);
                }
            }
        }
        return String.join(", ", fields);
    }

    /**
     * The condition that keeps only records that can be matched: no converted Lead (except when checking a given
     * id, to say why it is not used), and on Account only the kinds the batch wants.
     */
    String liveFilter(String sObject, Set<PersonObject> wanted, LookupKind kind, OrgShape shape) {
        return switch (sObject) {
            case "Lead" -> kind == LookupKind.SALESFORCE_ID ? "" : "IsConverted = false";
            case "Contact" -> shape.contactsFlagPersonAccounts() ? "IsPersonAccount = false" : "";
            default -> {
                if (!shape.personAccounts()) {
                    yield "";
                }
                boolean business = wanted.contains(PersonObject.ACCOUNT);
                boolean person = wanted.contains(PersonObject.PERSON_ACCOUNT);
                yield business && person ? "" : person ? "IsPersonAccount = true" : "IsPersonAccount = false";
            }
        };
    }

    String domainField() {
        return domainField;
    }

    Candidate read(String sObject, JsonNode r, OrgShape shape) {
        String id = r.path("Id").asText();
        String modified = r.path("LastModifiedDate").asText("");
        String name = text(r, "Name");
        return switch (sObject) {
            case "Contact" -> new Candidate(PersonObject.CONTACT, id, text(r, "AccountId"), id, modified,
                    emails(r, "Email"), numbers(r, PersonObject.CONTACT.phoneFields), null, false, name);
            case "Lead" -> new Candidate(PersonObject.LEAD, id, null, id, modified, emails(r, "Email"),
                    numbers(r, PersonObject.LEAD.phoneFields), null, r.path("IsConverted").asBoolean(false), name);
            default -> shape.personAccounts() && r.path("IsPersonAccount").asBoolean(false)
                    ? new Candidate(PersonObject.PERSON_ACCOUNT, id, id, text(r, "PersonContactId"), modified,
                    emails(r, "PersonEmail"), numbers(r, PersonObject.PERSON_ACCOUNT.phoneFields), null, false, name)
                    : new Candidate(PersonObject.ACCOUNT, id, id, null, modified, Set.of(),
                    numbers(r, PersonObject.ACCOUNT.phoneFields),
                    domains.normalize(text(r, domainField)).orElse(null), false, name);
        };
    }

    private static String text(JsonNode r, String field) {
        JsonNode value = r.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static Set<String> emails(JsonNode r, String field) {
        return EmailAddresses.normalize(text(r, field)).map(Set::of).orElse(Set.of());
    }

    private Set<String> numbers(JsonNode r, List<String> fields) {
        List<String> out = new ArrayList<>();
        for (String field : fields) {
            phones.toE164(text(r, field)).ifPresent(out::add);
        }
        return Set.copyOf(out);
    }
}
