package io.switchboard.matching;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.flow.Interaction;
import io.switchboard.rules.MatchStrategy;
import io.switchboard.rules.TypeRule;
import io.switchboard.salesforce.SalesforceGateway;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Finds the Salesforce person behind each event of a batch with a bounded number of requests: one query per
 * object for all the batch's emails, then, for those still unmatched, one search plus one exact query per object
 * for all their phone numbers. The exact query on E.164 numbers finds records created moments ago, which the
 * search index does not show yet.
 */
@Component("matcher")
public class Matcher {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final SalesforceGateway salesforce;
    private final PhoneNumbers phones;

    public Matcher(SalesforceGateway salesforce, PhoneNumbers phones) {
        this.salesforce = salesforce;
        this.phones = phones;
    }

    public List<Interaction> match(List<Interaction> batch) {
        List<Interaction> wanting = batch.stream().filter(i -> i.pending() && i.rule() != null).toList();
        if (wanting.isEmpty()) {
            return batch;
        }
        Map<Interaction, Match> found = new IdentityHashMap<>();
        matchByEmail(wanting, found);
        matchByPhone(wanting.stream().filter(i -> !found.containsKey(i)).toList(), found);
        return batch.stream().map(i -> !i.pending() || i.rule() == null ? i
                : i.withMatch(found.getOrDefault(i, Match.none()))).toList();
    }

    private void matchByEmail(List<Interaction> wanting, Map<Interaction, Match> found) {
        Map<Interaction, String> emails = new IdentityHashMap<>();
        for (Interaction i : wanting) {
            if (i.rule().match().strategy().usesEmail()) {
                email(i).ifPresent(e -> emails.put(i, e));
            }
        }
        if (emails.isEmpty()) {
            return;
        }
        Map<PersonObject, List<Candidate>> byObject = new HashMap<>();
        for (PersonObject object : objectsWanted(emails.keySet())) {
            Set<String> values = emails.entrySet().stream()
                    .filter(e -> e.getKey().rule().match().objects().contains(object.sObject))
                    .map(Map.Entry::getValue).collect(Collectors.toCollection(LinkedHashSet::new));
            String soql = "SELECT " + object.selectFields() + " FROM " + object.sObject
                    + " WHERE Email IN " + QueryText.soqlList(values) + object.andLive()
                    + " ORDER BY LastModifiedDate DESC LIMIT 2000";
            byObject.put(object, candidates(object, salesforce.query(soql)));
        }
        emails.forEach((interaction, email) -> pick(interaction.rule(), byObject,
                c -> email.equalsIgnoreCase(c.email()), "email").ifPresent(m -> found.put(interaction, m)));
    }

    private void matchByPhone(List<Interaction> wanting, Map<Interaction, Match> found) {
        Map<Interaction, String> numbers = new IdentityHashMap<>();
        for (Interaction i : wanting) {
            if (i.rule().match().strategy().usesPhone()) {
                phone(i).ifPresent(p -> numbers.put(i, p));
            }
        }
        if (numbers.isEmpty()) {
            return;
        }
        Set<PersonObject> objects = objectsWanted(numbers.keySet());
        Set<String> e164 = new LinkedHashSet<>(numbers.values());
        Map<PersonObject, List<Candidate>> byObject = new HashMap<>();
        String returning = objects.stream()
                .map(o -> o.sObject + "(" + o.selectFields() + (o.onlyLive == null ? "" : " WHERE " + o.onlyLive) + ")")
                .collect(Collectors.joining(", "));
        String terms = e164.stream().map(n -> phones.searchDigits(n).orElseThrow()).distinct()
                .map(QueryText::soslTerm).collect(Collectors.joining(" OR "));
        List<JsonNode> searched = salesforce.search("FIND {" + terms + "} IN PHONE FIELDS RETURNING " + returning);
        for (PersonObject object : objects) {
            List<JsonNode> records = new ArrayList<>(searched.stream()
                    .filter(r -> object.sObject.equals(r.path("attributes").path("type").asText())).toList());
            String exact = object.phoneFields.stream().map(f -> f + " IN " + QueryText.soqlList(e164))
                    .collect(Collectors.joining(" OR "));
            records.addAll(salesforce.query("SELECT " + object.selectFields() + " FROM " + object.sObject
                    + " WHERE (" + exact + ")" + object.andLive() + " ORDER BY LastModifiedDate DESC LIMIT 2000"));
            byObject.put(object, candidates(object, records));
        }
        numbers.forEach((interaction, number) -> pick(interaction.rule(), byObject,
                c -> c.phones().contains(number), "phone").ifPresent(m -> found.put(interaction, m)));
    }

    /** The first object in the rule's priority with a candidate; the most recently modified candidate wins. */
    private static Optional<Match> pick(TypeRule rule, Map<PersonObject, List<Candidate>> byObject,
                                        java.util.function.Predicate<Candidate> fits, String by) {
        for (String name : rule.match().objects()) {
            Optional<PersonObject> object = PersonObject.named(name);
            if (object.isEmpty() || !byObject.containsKey(object.get())) {
                continue;
            }
            List<Candidate> hits = byObject.get(object.get()).stream().filter(fits)
                    .sorted(Comparator.comparing(Candidate::lastModified).reversed()).toList();
            if (!hits.isEmpty()) {
                Candidate winner = hits.get(0);
                List<String> others = hits.stream().skip(1).map(Candidate::id).distinct()
                        .filter(id -> !id.equals(winner.id())).toList();
                return Optional.of(new Match(name, winner.id(), by, winner.accountId(), others, null));
            }
        }
        return Optional.empty();
    }

    private List<Candidate> candidates(PersonObject object, List<JsonNode> records) {
        Map<String, Candidate> byId = new HashMap<>();
        for (JsonNode r : records) {
            Set<String> numbers = new LinkedHashSet<>();
            for (String field : object.phoneFields) {
                phones.toE164(r.path(field).asText(null)).ifPresent(numbers::add);
            }
            String id = r.path("Id").asText();
            byId.putIfAbsent(id, new Candidate(id, r.path("Email").asText(""),
                    object.hasAccount ? r.path("AccountId").asText(null) : null,
                    r.path("LastModifiedDate").asText(""), numbers));
        }
        return List.copyOf(byId.values());
    }

    private static Set<PersonObject> objectsWanted(java.util.Collection<Interaction> interactions) {
        return interactions.stream().flatMap(i -> i.rule().match().objects().stream())
                .map(PersonObject::named).flatMap(Optional::stream)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Optional<String> email(Interaction i) {
        return i.event().text("person.email").map(e -> e.toLowerCase(Locale.ROOT)).filter(e -> EMAIL.matcher(e).matches());
    }

    private Optional<String> phone(Interaction i) {
        return i.event().text("person.phone").or(() -> i.event().text("person.mobile"))
                .or(() -> callerNumber(i)).flatMap(phones::toE164);
    }

    /** The caller's number: the far end of the call, whichever way it went. */
    private static Optional<String> callerNumber(Interaction i) {
        boolean outbound = "outbound".equals(i.event().text("call.direction").orElse("inbound"));
        return outbound ? i.event().text("call.toNumber").or(() -> i.event().text("call.dialedNumber"))
                : i.event().text("call.fromNumber");
    }

    /** What matching needs to know of a record; {@code lastModified} in Salesforce's sortable datetime format. */
    private record Candidate(String id, String email, String accountId, String lastModified, Set<String> phones) {
    }

}
