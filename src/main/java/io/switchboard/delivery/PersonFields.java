package io.switchboard.delivery;

import io.switchboard.model.InteractionEvent;
import io.switchboard.matching.EmailAddresses;
import io.switchboard.matching.PhoneNumbers;
import io.switchboard.model.rule.TypeRule;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The fields of a new Lead or Contact, taken from the event's person and the rule's fallbacks. */
@Component
class PersonFields {

    private final PhoneNumbers phones;
    private final String personAccountRecordType;

    PersonFields(PhoneNumbers phones, DeliveryProperties properties) {
        this.phones = phones;
        this.personAccountRecordType = properties.personAccountRecordTypeId();
    }

    Map<String, Object> forNew(io.switchboard.model.rule.NewPerson whom, InteractionEvent event, TypeRule.WhenNoMatch rule) {
        Name name = name(event);
        Map<String, Object> fields = new LinkedHashMap<>();
        if (whom == io.switchboard.model.rule.NewPerson.PERSON_ACCOUNT) {
            name.first().ifPresent(v -> fields.put("FirstName", Text.truncate(v, 40)));
            fields.put("LastName", Text.truncate(name.last().orElse(rule.namePlaceholder()), 80));
            event.text("person.email").flatMap(EmailAddresses::normalize).ifPresent(v -> fields.put("PersonEmail", v));
            callerPhone(event).flatMap(phones::toE164).ifPresent(v -> fields.put("Phone", v));
            event.text("person.mobile").flatMap(phones::toE164).ifPresent(v -> fields.put("PersonMobilePhone", v));
            if (!personAccountRecordType.isBlank()) {
                fields.put("RecordTypeId", personAccountRecordType);
            }
            return fields;
        }
        if (whom == io.switchboard.model.rule.NewPerson.ACCOUNT) {
            // A business account is the company; a caller without one is named after themselves.
            fields.put("Name", Text.truncate(event.text("person.company").or(name::full)
                    .orElse(rule.namePlaceholder()), 255));
            callerPhone(event).flatMap(phones::toE164).ifPresent(v -> fields.put("Phone", v));
            event.text("person.website").ifPresent(v -> fields.put("Website", Text.truncate(v, 255)));
            return fields;
        }
        name.first().ifPresent(v -> fields.put("FirstName", Text.truncate(v, 40)));
        fields.put("LastName", Text.truncate(name.last().orElse(rule.namePlaceholder()), 80));
        // An invalid address is left out (matching noted it), so the person is still created with what is valid.
        event.text("person.email").flatMap(EmailAddresses::normalize).ifPresent(v -> fields.put("Email", v));
        callerPhone(event).flatMap(phones::toE164).ifPresent(v -> fields.put("Phone", v));
        event.text("person.mobile").flatMap(phones::toE164).ifPresent(v -> fields.put("MobilePhone", v));
        event.text("person.title").ifPresent(v -> fields.put("Title", Text.truncate(v, 128)));
        if (rule.leadSource() != null) {
            fields.put("LeadSource", rule.leadSource());
        }
        if (whom == io.switchboard.model.rule.NewPerson.LEAD) {
            // Salesforce requires a Company on a Lead; a person calling for themselves is their own company.
            String company = event.text("person.company").or(name::full).orElse(rule.namePlaceholder());
            fields.put("Company", Text.truncate(company, 255));
            event.text("person.website").ifPresent(v -> fields.put("Website", Text.truncate(v, 255)));
        }
        return fields;
    }

    /**
     * Every key that identifies the new person of an event — valid email, E.164 phone numbers —: two events of a
     * batch that share any of them create one record. The match's identity, when there is one, comes first.
     */
    java.util.List<String> identityKeys(InteractionEvent event, String matchIdentity) {
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
        if (matchIdentity != null) {
            keys.add(matchIdentity);
        }
        event.text("person.email").flatMap(EmailAddresses::normalize).ifPresent(keys::add);
        callerPhone(event).flatMap(phones::toE164).ifPresent(keys::add);
        event.text("person.mobile").flatMap(phones::toE164).ifPresent(keys::add);
        return java.util.List.copyOf(keys);
    }

    /**
     * The person's identity as one value, for the unique person-key field: the normalized email, else the caller's
     * number in E.164, else the mobile's. Two creates of one person (two instances, two Kafka keys) collide on it.
     */
    Optional<String> personKey(InteractionEvent event) {
        return event.text("person.email").flatMap(EmailAddresses::normalize)
                .or(() -> callerPhone(event).flatMap(phones::toE164))
                .or(() -> event.text("person.mobile").flatMap(phones::toE164));
    }

    static Optional<String> callerPhone(InteractionEvent event) {
        Optional<String> own = event.text("person.phone");
        if (own.isPresent()) {
            return own;
        }
        return event.outbound() ? event.text("call.toNumber").or(() -> event.text("call.dialedNumber"))
                : event.text("call.fromNumber");
    }

    private static Name name(InteractionEvent event) {
        Optional<String> first = event.text("person.firstName");
        Optional<String> last = event.text("person.lastName");
        Optional<String> full = event.text("person.name");
        if (first.isEmpty() && last.isEmpty() && full.isPresent()) {
            String[] parts = full.get().split("\\s+", 2);
            if (parts.length == 2) {
                first = Optional.of(parts[0]);
                last = Optional.of(parts[1]);
            } else {
                last = Optional.of(parts[0]);
            }
        }
        String joined = (first.orElse("") + " " + last.orElse("")).trim();
        return new Name(first, last, full.or(() -> Optional.of(joined).filter(s -> !s.isEmpty())));
    }

    private record Name(Optional<String> first, Optional<String> last, Optional<String> full) {
    }
}
