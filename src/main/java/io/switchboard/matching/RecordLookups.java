package io.switchboard.matching;

import io.switchboard.salesforce.QueryChunks;
import io.switchboard.salesforce.QueryText;
import io.switchboard.salesforce.Read;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Runs the queries of one lookup kind for a whole batch: per Salesforce object one SOQL query for all the batch's
 * values (chunked only when they would not fit one request), and for phone numbers also one SOSL search over all
 * objects. Every value is escaped by the rules of the language it lands in.
 * <p>
 * Phone numbers are looked up both ways because each alone misses records: SOSL finds a number in any stored
 * format ("(415) 555-0134", "415.555.0134", with an extension) but only once the search index has caught up, which
 * in a real org takes minutes; the exact SOQL query sees a record the moment it is created, in the formats it is
 * most often stored in (E.164, which Switchboard writes, and the international and national forms).
 */
@Component
class RecordLookups {

    /** URL-encoded characters of values per SOQL query, so the whole request URL stays under about 6 KB. */
    static final int QUERY_BUDGET = 4_500;
    static final int MAX_VALUES_PER_QUERY = 200;
    /** Numbers per SOSL search: its search text has its own, smaller limits. */
    static final int MAX_SEARCH_TERMS = 20;

    private final RecordShapes shapes;
    private final PhoneNumbers phones;
    private final Domains domains;

    RecordLookups(RecordShapes shapes, PhoneNumbers phones, Domains domains) {
        this.shapes = shapes;
        this.phones = phones;
        this.domains = domains;
    }

    /** Every live record of the needed objects that has one of the needed values (and some that only may). */
    List<Candidate> find(LookupKind kind, Map<PersonObject, Set<String>> need, OrgShape shape,
                         CountedRequests requests) {
        Map<String, Set<PersonObject>> objectsBySObject = new LinkedHashMap<>();
        Map<String, Set<String>> valuesBySObject = new LinkedHashMap<>();
        need.forEach((object, values) -> {
            if (!values.isEmpty()) {
                objectsBySObject.computeIfAbsent(object.sObject, k -> EnumSet.noneOf(PersonObject.class)).add(object);
                valuesBySObject.computeIfAbsent(object.sObject, k -> new LinkedHashSet<>()).addAll(values);
            }
        });
        // Every query and search of the stage goes out together: five to one request.
        List<Read> reads = new ArrayList<>();
        List<Function<List<JsonNode>, List<Candidate>>> readers = new ArrayList<>();
        if (kind == LookupKind.PHONE && !objectsBySObject.isEmpty()) {
            Set<String> numbers = valuesBySObject.values().stream().flatMap(Set::stream)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            search(numbers, objectsBySObject, shape, reads, readers);
        }
        objectsBySObject.forEach((sObject, objects) ->
                query(kind, sObject, objects, valuesBySObject.get(sObject), shape, reads, readers));
        List<List<JsonNode>> answers = requests.readAll(reads);
        List<Candidate> found = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            found.addAll(readers.get(i).apply(answers.get(i)));
        }
        return found;
    }

    private void query(LookupKind kind, String sObject, Set<PersonObject> objects, Set<String> values,
                       OrgShape shape, List<Read> reads, List<Function<List<JsonNode>, List<Candidate>>> readers) {
        List<String> fields = switch (kind) {
            case SALESFORCE_ID -> List.of("Id");
            case EMAIL -> objects.stream().map(o -> o.emailField).distinct().toList();
            case PHONE -> objects.stream().flatMap(o -> o.phoneFields.stream()).distinct().toList();
            case DOMAIN -> List.of(shapes.domainField());
        };
        ToIntFunction<String> cost = switch (kind) {
            case PHONE -> v -> fields.size() * phones.storedForms(v).stream()
                    .mapToInt(f -> QueryChunks.urlLength(QueryText.soqlLiteral(f) + ", ")).sum();
            case DOMAIN -> v -> domains.searchForms(v).stream()
                    .mapToInt(f -> QueryChunks.urlLength(" OR " + fields.get(0) + " LIKE " + QueryText.soqlContains(f))).sum();
            default -> v -> fields.size() * QueryChunks.urlLength(QueryText.soqlLiteral(v) + ", ");
        };
        String live = shapes.liveFilter(sObject, objects, kind, shape);
        for (List<String> chunk : QueryChunks.of(values, cost, QUERY_BUDGET, MAX_VALUES_PER_QUERY)) {
            String soql = "SELECT " + shapes.select(sObject, shape) + " FROM " + sObject
                    + " WHERE (" + condition(kind, fields, chunk) + ")" + (live.isEmpty() ? "" : " AND " + live)
                    + " ORDER BY LastModifiedDate DESC LIMIT 2000";
            reads.add(Read.query(soql));
            readers.add(records -> records.stream().map(record -> shapes.read(sObject, record, shape)).toList());
        }
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

    private void search(Set<String> numbers, Map<String, Set<PersonObject>> objectsBySObject, OrgShape shape,
                        List<Read> reads, List<Function<List<JsonNode>, List<Candidate>>> readers) {
        String returning = objectsBySObject.entrySet().stream().map(e -> {
            String live = shapes.liveFilter(e.getKey(), e.getValue(), LookupKind.PHONE, shape);
            return e.getKey() + "(" + shapes.select(e.getKey(), shape) + (live.isEmpty() ? "" : " WHERE " + live) + ")";
        }).collect(Collectors.joining(", "));
        List<String> terms = numbers.stream().map(n -> phones.searchDigits(n).orElseThrow()).distinct().toList();
        for (List<String> chunk : QueryChunks.of(terms, t -> 1, MAX_SEARCH_TERMS, MAX_SEARCH_TERMS)) {
            String sosl = "FIND {" + chunk.stream().map(QueryText::soslTerm).collect(Collectors.joining(" OR "))
                    + "} IN PHONE FIELDS RETURNING " + returning + " LIMIT 2000";
            reads.add(Read.search(sosl));
            readers.add(records -> records.stream()
                    .filter(record -> objectsBySObject.containsKey(record.path("attributes").path("type").asText()))
                    .map(record -> shapes.read(record.path("attributes").path("type").asText(), record, shape))
                    .toList());
        }
    }
}
