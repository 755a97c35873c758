package io.switchboard.matching;

import io.switchboard.salesforce.QueryChunks;
import io.switchboard.salesforce.QueryText;
import io.switchboard.salesforce.Read;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Runs a batch's lookups in one go: per Salesforce object one SOQL query for every value of every kind the batch
 * needs (ids, emails, numbers, domains; chunked only when they would not fit one request), and for phone numbers
 * also SOSL searches over all objects. They all leave together, five to a request. Every value is escaped by the
 * rules of the language it lands in. An answer as long as a page may have been cut, so it is never matched on: its
 * values are asked again in smaller pieces.
 * <p>
 * Phone numbers are looked up both ways because each alone misses records: SOSL finds a number in any stored
 * format ("(415) 555-0134", "415.555.0134", with an extension) and in any phone field, but only once the search
 * index has caught up, which in a real org takes minutes; the exact SOQL query sees a record the moment it is
 * created, in the forms and fields it is most often stored in (E.164, which Switchboard writes, the international
 * and the national form; in Phone and Mobile). A number typed in another form or kept in another phone field
 * moments ago is found once the index has it.
 */
@Component
class RecordLookups {

    /** Values per SOQL query, whatever their length: keeps a query's answer and its evaluation moderate. */
    static final int MAX_VALUES_PER_QUERY = 1_000;
    /** Characters of a SOSL search text: beyond 4,000 Salesforce drops its operators, beyond 10,000 all results. */
    static final int SEARCH_TEXT_BUDGET = 3_800;
    /** Numbers per search: their records share one answer of at most {@link #ROWS}, ranked by relevance. */
    static final int MAX_SEARCH_TERMS = 100;
    /** Rows one query or search returns at most (Salesforce's page and SOSL limit). */
    static final int ROWS = io.switchboard.salesforce.SalesforceGateway.PAGE_ROWS;
    private static final String AFTER = " ORDER BY LastModifiedDate DESC LIMIT " + ROWS;
    /** Room for what a combined condition adds around its value lists: field names, operators, live filters. */
    private static final int CONDITION_OVERHEAD = 600;

    private static final List<LookupKind> KINDS = List.of(LookupKind.values());

    private final RecordShapes shapes;
    private final PhoneNumbers phones;
    private final Domains domains;

    RecordLookups(RecordShapes shapes, PhoneNumbers phones, Domains domains) {
        this.shapes = shapes;
        this.phones = phones;
        this.domains = domains;
    }

    /** One value sought, of one kind. */
    private record Sought(LookupKind kind, String value) {
    }

    /**
     * Every live record of the needed objects that has one of the needed values (and some that only may): the
     * caller keeps, per kind and value, the candidates that answer it.
     */
    List<Candidate> find(Map<LookupKind, Map<PersonObject, Set<String>>> need, OrgShape shape,
                         CountedRequests requests) {
        // per Salesforce object: which rule objects want each kind, and the values sought there
        Map<String, Map<LookupKind, Set<PersonObject>>> objects = new LinkedHashMap<>();
        Map<String, Set<Sought>> sought = new LinkedHashMap<>();
        need.forEach((kind, byObject) -> byObject.forEach((object, values) -> {
            if (values.isEmpty()) {
                return;
            }
            objects.computeIfAbsent(object.sObject, k -> new EnumMap<>(LookupKind.class))
                    .computeIfAbsent(kind, k -> EnumSet.noneOf(PersonObject.class)).add(object);
            Set<Sought> forObject = sought.computeIfAbsent(object.sObject, k -> new LinkedHashSet<>());
            values.forEach(v -> forObject.add(new Sought(kind, v)));
        }));
        List<Lookup> first = new ArrayList<>(searches(objects, sought, shape));
        first.addAll(queries(objects, sought, shape));
        return answered(first, requests);
    }

    /** The SOSL phone searches: every number of the batch, in as few searches as their text allows. */
    private List<Lookup> searches(Map<String, Map<LookupKind, Set<PersonObject>>> objects,
                                  Map<String, Set<Sought>> sought, OrgShape shape) {
        Map<String, Set<PersonObject>> phoneObjects = new LinkedHashMap<>();
        objects.forEach((sObject, byKind) -> {
            if (byKind.containsKey(LookupKind.PHONE)) {
                phoneObjects.put(sObject, byKind.get(LookupKind.PHONE));
            }
        });
        if (phoneObjects.isEmpty()) {
            return List.of();
        }
        List<String> terms = sought.values().stream().flatMap(Set::stream).filter(s -> s.kind() == LookupKind.PHONE)
                .map(Sought::value).distinct().map(n -> phones.searchDigits(n).orElseThrow()).distinct()
                .map(QueryText::soslTerm).toList();
        return QueryChunks.of(terms, t -> t.length() + " OR ".length(), SEARCH_TEXT_BUDGET, MAX_SEARCH_TERMS).stream()
                .<Lookup>map(chunk -> new Search(chunk, phoneObjects, shape)).toList();
    }

    /** Per object, one SOQL query for every value of every kind (split only where a query would be too long). */
    private List<Lookup> queries(Map<String, Map<LookupKind, Set<PersonObject>>> objects,
                                 Map<String, Set<Sought>> sought, OrgShape shape) {
        List<Lookup> out = new ArrayList<>();
        objects.forEach((sObject, byKind) -> {
            int budget = QueryChunks.MAX_QUERY_URL - QueryChunks.urlLength(before(sObject, shape) + AFTER) - CONDITION_OVERHEAD;
            for (List<Sought> chunk : QueryChunks.of(sought.get(sObject), s -> cost(s, byKind.get(s.kind())), budget,
                    MAX_VALUES_PER_QUERY)) {
                out.add(new Query(sObject, byKind, chunk, shape));
            }
        });
        return out;
    }

    /**
     * The candidates of every lookup. An answer as long as its LIMIT may have been cut: it is never matched on. Its
     * values are asked again in smaller pieces (by kind, then halves), which costs a round more only where a value
     * is widely shared.
     */
    private static List<Candidate> answered(List<Lookup> first, CountedRequests requests) {
        List<Candidate> found = new ArrayList<>();
        List<Lookup> lookups = first;
        while (!lookups.isEmpty()) {
            List<List<JsonNode>> answers = requests.readAll(lookups.stream().map(Lookup::read).toList());
            List<Lookup> again = new ArrayList<>();
            for (int i = 0; i < answers.size(); i++) {
                Lookup lookup = lookups.get(i);
                List<Candidate> candidates = lookup.candidates(answers.get(i));
                List<Lookup> pieces = answers.get(i).size() >= ROWS ? lookup.split(candidates) : List.of();
                if (pieces.isEmpty()) {
                    found.addAll(candidates);
                } else {
                    again.addAll(pieces);
                }
            }
            lookups = again;
        }
        return found;
    }

    /** One query or search of the lookup round, and how to ask for its values in smaller pieces. */
    private interface Lookup {
        Read read();

        List<Candidate> candidates(List<JsonNode> records);

        /**
         * Smaller lookups for the same values, given the cut answer; none when it is down to one value (its newest
         * records do). The value that filled most of the answer is asked alone, the others together: a widely
         * shared number (a company's main line) costs one round more, not one per halving.
         */
        List<Lookup> split(List<Candidate> cut);
    }

    private final class Query implements Lookup {
        private final String sObject;
        private final Map<LookupKind, Set<PersonObject>> byKind;
        private final List<Sought> values;
        private final OrgShape shape;

        Query(String sObject, Map<LookupKind, Set<PersonObject>> byKind, List<Sought> values, OrgShape shape) {
            this.sObject = sObject;
            this.byKind = byKind;
            this.values = values;
            this.shape = shape;
        }

        @Override
        public Read read() {
            return Read.query(before(sObject, shape) + condition(sObject, byKind, values, shape) + AFTER);
        }

        @Override
        public List<Candidate> candidates(List<JsonNode> records) {
            return records.stream().map(record -> shapes.read(sObject, record, shape)).toList();
        }

        @Override
        public List<Lookup> split(List<Candidate> cut) {
            Map<LookupKind, List<Sought>> kinds = values.stream()
                    .collect(Collectors.groupingBy(Sought::kind, () -> new EnumMap<>(LookupKind.class), Collectors.toList()));
            if (kinds.size() > 1) {
                return kinds.values().stream().<Lookup>map(v -> new Query(sObject, byKind, v, shape)).toList();
            }
            if (values.size() == 1) {
                return List.of();
            }
            Sought heaviest = values.stream().max(java.util.Comparator.comparingLong(v -> cut.stream()
                    .filter(c -> c.answers(v.kind(), v.value())).count())).orElseThrow();
            return List.of(new Query(sObject, byKind, List.of(heaviest), shape),
                    new Query(sObject, byKind, values.stream().filter(v -> !v.equals(heaviest)).toList(), shape));
        }
    }

    private final class Search implements Lookup {
        private final List<String> terms;
        private final Map<String, Set<PersonObject>> objectsBySObject;
        private final OrgShape shape;

        Search(List<String> terms, Map<String, Set<PersonObject>> objectsBySObject, OrgShape shape) {
            this.terms = terms;
            this.objectsBySObject = objectsBySObject;
            this.shape = shape;
        }

        @Override
        public Read read() {
            String returning = objectsBySObject.entrySet().stream().map(e -> {
                String live = shapes.liveFilter(e.getKey(), e.getValue(), LookupKind.PHONE, shape);
                return e.getKey() + "(" + shapes.select(e.getKey(), shape) + (live.isEmpty() ? "" : " WHERE " + live) + ")";
            }).collect(Collectors.joining(", "));
            return Read.search("FIND {" + String.join(" OR ", terms) + "} IN PHONE FIELDS RETURNING " + returning
                    + " LIMIT " + ROWS);
        }

        @Override
        public List<Candidate> candidates(List<JsonNode> records) {
            return records.stream()
                    .filter(record -> objectsBySObject.containsKey(record.path("attributes").path("type").asText()))
                    .map(record -> shapes.read(record.path("attributes").path("type").asText(), record, shape))
                    .toList();
        }

        @Override
        public List<Lookup> split(List<Candidate> cut) {
            if (terms.size() == 1) {
                return List.of();
            }
            String heaviest = terms.stream().max(java.util.Comparator.comparingLong(t -> cut.stream()
                    .filter(c -> c.phones().stream().anyMatch(p -> p.endsWith(t))).count())).orElseThrow();
            return List.of(new Search(List.of(heaviest), objectsBySObject, shape),
                    new Search(terms.stream().filter(t -> !t.equals(heaviest)).toList(), objectsBySObject, shape));
        }
    }

    private String before(String sObject, OrgShape shape) {
        return "SELECT " + shapes.select(sObject, shape) + " FROM " + sObject + " WHERE ";
    }

    /** {@code (kind 1's condition AND its live filter) OR (kind 2's ...)}: each kind keeps its own filter. */
    private String condition(String sObject, Map<LookupKind, Set<PersonObject>> byKind, List<Sought> chunk,
                             OrgShape shape) {
        List<String> parts = new ArrayList<>();
        for (LookupKind kind : KINDS) {
            List<String> values = chunk.stream().filter(s -> s.kind() == kind).map(Sought::value).toList();
            if (values.isEmpty()) {
                continue;
            }
            Set<PersonObject> wanting = byKind.get(kind);
            String live = shapes.liveFilter(sObject, wanting, kind, shape);
            String condition = condition(kind, fields(kind, wanting), values);
            parts.add(live.isEmpty() ? "(" + condition + ")" : "((" + condition + ") AND " + live + ")");
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(" OR ", parts) + ")";
    }

    private List<String> fields(LookupKind kind, Set<PersonObject> objects) {
        return switch (kind) {
            case SALESFORCE_ID -> List.of("Id");
            case EMAIL -> objects.stream().map(o -> o.emailField).distinct().toList();
            case PHONE -> objects.stream().flatMap(o -> o.exactPhoneFields.stream()).distinct().toList();
            case DOMAIN -> List.of(shapes.domainField());
        };
    }

    /** What a value adds to its query's URL. */
    private int cost(Sought s, Set<PersonObject> objects) {
        int fields = fields(s.kind(), objects).size();
        return switch (s.kind()) {
            case PHONE -> fields * phones.storedForms(s.value()).stream()
                    .mapToInt(f -> QueryChunks.urlLength(QueryText.soqlLiteral(f) + ", ")).sum();
            case DOMAIN -> domains.searchForms(s.value()).stream()
                    .mapToInt(f -> QueryChunks.urlLength(" OR " + shapes.domainField() + " LIKE "
                            + QueryText.soqlContains(f))).sum();
            default -> fields * QueryChunks.urlLength(QueryText.soqlLiteral(s.value()) + ", ");
        };
    }

    private String condition(LookupKind kind, List<String> fields, List<String> values) {
        if (kind == LookupKind.DOMAIN) {
            // SOQL cannot normalize "https://www.Acme.com/about": find what contains the registrable domain,
            // then keep only the records whose normalized domain is the one sought (RecordShapes.read, Candidate)
            String field = fields.get(0);
            return values.stream().flatMap(v -> domains.searchForms(v).stream()).distinct()
                    .map(form -> field + " LIKE " + QueryText.soqlContains(form))
                    .collect(Collectors.joining(" OR "));
        }
        Set<String> literals = kind == LookupKind.PHONE
                ? values.stream().flatMap(v -> phones.storedForms(v).stream())
                .collect(Collectors.toCollection(LinkedHashSet::new))
                : new LinkedHashSet<>(values);
        String list = QueryText.soqlList(literals);
        return fields.stream().map(f -> f + " IN " + list).collect(Collectors.joining(" OR "));
    }
}
