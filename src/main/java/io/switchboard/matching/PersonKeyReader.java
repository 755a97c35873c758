package io.switchboard.matching;

import io.switchboard.model.InteractionEvent;
import io.switchboard.model.rule.MatchStrategy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Reads from an event the values its strategy matches by, normalized, and notes every value it had to ignore.
 * Never throws on bad data: an invalid value is a recorded decision, and matching goes on with what remains.
 */
@Component
class PersonKeyReader {


    private final PhoneNumbers phoneNumbers;
    private final Domains domains;
    private final String defaultRegion;

    PersonKeyReader(PhoneNumbers phoneNumbers, Domains domains, MatchingProperties properties) {
        this.phoneNumbers = phoneNumbers;
        this.domains = domains;
        this.defaultRegion = properties.defaultRegion();
    }

    PersonKeys read(InteractionEvent event, MatchStrategy strategy) {
        List<String> notes = new ArrayList<>();
        String id = null;
        if (strategy.usesSalesforceId()) {
            Optional<String> given = event.text("person.salesforceId");
            if (given.isPresent() && io.switchboard.salesforce.SalesforceIds.isValid(given.get())) {
                id = given.get().substring(0, 15);
            } else if (given.isPresent()) {
                notes.add("matching: ignored person.salesforceId '" + given.get()
                        + "': not a Salesforce id (15 or 18 letters and digits)");
            }
        }
        String email = null;
        if (strategy.usesEmail() || strategy.usesDomain()) {
            Optional<String> given = event.text("person.email");
            email = given.flatMap(EmailAddresses::normalize).orElse(null);
            if (given.isPresent() && email == null) {
                notes.add("matching: ignored person.email '" + given.get() + "': not a valid email address");
            }
        }
        List<String> phones = List.of();
        if (strategy.usesPhone()) {
            Set<String> numbers = new LinkedHashSet<>();
            for (String path : phonePaths(event)) {
                Optional<String> given = event.text(path);
                if (given.isEmpty()) {
                    continue;
                }
                Optional<String> e164 = phoneNumbers.toE164(given.get());
                if (e164.isPresent()) {
                    numbers.add(e164.get());
                } else {
                    notes.add("matching: ignored " + path + " '" + given.get() + "': not a possible phone number"
                            + " (numbers without a country code are read as " + defaultRegion + ")");
                }
            }
            phones = List.copyOf(numbers);
        }
        String domain = null;
        if (strategy.usesDomain()) {
            domain = domainOf(event, email, notes);
        }
        return new PersonKeys(id, email, phones, domain, notes);
    }

    private String domainOf(InteractionEvent event, String email, List<String> notes) {
        Optional<String> website = event.text("person.website");
        if (website.isPresent()) {
            Optional<String> host = Domains.host(website.get());
            if (host.isEmpty()) {
                notes.add("matching: ignored person.website '" + website.get() + "': no domain in it");
            } else if (domains.isFreeMail(host.get())) {
                notes.add("matching: ignored person.website '" + website.get() + "': " + host.get()
                        + " is a free-mail domain, which identifies no company");
            } else {
                return domains.normalize(website.get()).orElseThrow();
            }
        }
        if (email == null) {
            return null;
        }
        Optional<String> fromEmail = domains.ofEmail(email);
        if (fromEmail.isEmpty()) {
            notes.add("matching: the email's domain " + EmailAddresses.domain(email)
                    + " is a free-mail domain (or no company domain), so it identifies no Account");
        }
        return fromEmail.orElse(null);
    }

    private static List<String> phonePaths(InteractionEvent event) {
        return event.personPhonePaths();
    }
}
