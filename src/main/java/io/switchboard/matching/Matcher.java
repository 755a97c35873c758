package io.switchboard.matching;

import io.switchboard.model.Match;

import io.switchboard.model.Interaction;
import io.switchboard.model.rule.MatchStrategy;
import io.switchboard.model.rule.TypeRule;
import io.switchboard.salesforce.SalesforceGateway;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Finds the Salesforce record behind each event of a batch, a batch at a time: every value of every event is
 * looked up in one round ({@link RecordLookups}: a query per Salesforce object for the whole batch, plus phone
 * searches), never one per event; then each event takes what came back in the order its strategy tries them (a
 * given Salesforce id, then email, then phone; or the company domain). Recent finds are remembered briefly
 * ({@link MatchCache}), misses never.
 * <p>
 * Duplicates are prevented by what each query can see: exact SOQL sees a record the moment it exists, so email,
 * id and the common phone forms in the main phone fields never miss a person created moments ago; SOSL, whose
 * index lags by minutes, is used in addition, to find numbers stored in other formats and fields.
 * <p>
 * The matcher never fails an event for its data: an invalid email or number is noted on the interaction and
 * matching goes on with what remains; an event with nothing to match on gets {@link Match#none()}, and its rule
 * decides what happens (create a person, or log nothing).
 */
@Component("matcher")
public class Matcher {

    private static final List<LookupKind> ORDER =
            List.of(LookupKind.SALESFORCE_ID, LookupKind.EMAIL, LookupKind.PHONE, LookupKind.DOMAIN);

    private final SalesforceGateway salesforce;
    private final PersonKeyReader keyReader;
    private final RecordShapes shapes;
    private final RecordLookups lookups;
    private final MatchCache cache;
    private final MergedRecords merged;

    public Matcher(SalesforceGateway salesforce, PersonKeyReader keyReader, RecordShapes shapes,
                   RecordLookups lookups, MatchCache cache, MergedRecords merged) {
        this.merged = merged;
        this.salesforce = salesforce;
        this.keyReader = keyReader;
        this.shapes = shapes;
        this.lookups = lookups;
        this.cache = cache;
    }

    /**
     * Matches the batch; when that fails on something other than an unavailable Salesforce (a query Salesforce
     * rejects, a defect), each event is matched alone, so only the events at fault are dead-lettered.
     */
    public List<Interaction> match(List<Interaction> batch) {
        // the other people on each interaction are matched in the same round (see ParticipantMatches)
        return io.switchboard.model.EachAlone.onFailure(batch,
                b -> ParticipantMatches.fold(b, matchBatch(ParticipantMatches.expand(b))), (one, failure) -> one.failedWith(
                failure instanceof io.switchboard.salesforce.SalesforceRejection rejected
                        ? io.switchboard.model.Failures.rejectedLookup("matching", rejected.error().code(), rejected.error().message())
                        : io.switchboard.model.Failures.defect("matching", failure)),
                io.switchboard.salesforce.SalesforceUnavailable.class);
    }

    private List<Interaction> matchBatch(List<Interaction> batch) {
        List<Interaction> wanting = batch.stream().filter(Matcher::wantsMatch).toList();
        if (wanting.isEmpty()) {
            return batch;
        }
        Set<PersonObject> wanted = wanting.stream().flatMap(i -> ruleObjects(i.rule()).stream())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        OrgShape shape = shapes.shape(wanted);
        CountedRequests requests = new CountedRequests(salesforce);
        Map<Interaction, Work> work = new IdentityHashMap<>();
        for (Interaction i : wanting) {
            work.putIfAbsent(i, new Work(i.rule(), keyReader.read(i.event(), i.rule().match().strategy()),
                    ruleObjects(i.rule()).stream().filter(o -> shapes.available(o, shape)).toList()));
        }
        Map<MatchCache.Key, List<Candidate>> known = lookUp(work.values(), shape, requests);
        for (LookupKind kind : ORDER) {
            for (Work w : work.values()) {
                if (w.match == null && uses(w.rule.match().strategy(), kind) && !w.keys.keys(kind).isEmpty()) {
                    pick(w, kind, known);
                }
            }
        }
        String cost = "matching: " + requests.count() + " Salesforce request" + (requests.count() == 1 ? "" : "s")
                + " for a batch of " + wanting.size() + " event" + (wanting.size() == 1 ? "" : "s");
        List<Interaction> out = new ArrayList<>(batch.size());
        for (Interaction i : batch) {
            Work w = work.get(i);
            out.add(w == null ? i : w.apply(i, shape, cost));
        }
        return out;
    }

    /**
     * Finds the hits of every value of every kind for every object the events rank, from the cache or in one round
     * of lookups (see {@link RecordLookups}). Asking all kinds at once costs a few more values in the same queries
     * instead of a round per kind. For each value the objects are walked in the event's priority: a remembered find
     * ends the walk (nothing ranked lower could win), so the objects ranked above it are always asked afresh; and
     * once a kind is sure to match from what is remembered, the event's later kinds are not asked at all.
     */
    private Map<MatchCache.Key, List<Candidate>> lookUp(java.util.Collection<Work> works, OrgShape shape,
                                                        CountedRequests requests) {
        Map<MatchCache.Key, List<Candidate>> known = new HashMap<>();
        Map<LookupKind, Map<PersonObject, Set<String>>> need = new EnumMap<>(LookupKind.class);
        for (Work w : works) {
            for (LookupKind kind : ORDER) {
                if (!uses(w.rule.match().strategy(), kind)) {
                    continue;
                }
                boolean sure = false;
                for (String value : w.keys.keys(kind)) {
                    for (PersonObject object : w.objects) {
                        if (!fits(object, kind, value)) {
                            continue;
                        }
                        MatchCache.Key key = new MatchCache.Key(object, kind, value);
                        Optional<List<Candidate>> remembered = cache.get(key);
                        if (remembered.isPresent() && !remembered.get().isEmpty()) {
                            known.put(key, remembered.get());
                            sure = true;
                            break;
                        }
                        need.computeIfAbsent(kind, k -> new EnumMap<>(PersonObject.class))
                                .computeIfAbsent(object, o -> new LinkedHashSet<>()).add(value);
                    }
                }
                if (sure) {
                    break;
                }
            }
        }
        if (need.isEmpty()) {
            return known;
        }
        Map<MatchCache.Key, List<Candidate>> found = byKey(lookups.find(need, shape, requests));
        found.putAll(survivorsOfMerges(need.get(LookupKind.SALESFORCE_ID), found, shape, requests));
        need.forEach((kind, byObject) -> byObject.forEach((object, values) -> values.forEach(value -> {
            // a converted Lead is only ever reported for the id it was given by, never found by other values
            List<Candidate> hits = sorted(found.getOrDefault(new MatchCache.Key(object, kind, Candidate.key(kind, value)),
                    List.of()).stream().filter(c -> kind == LookupKind.SALESFORCE_ID || !c.converted()).toList());
            MatchCache.Key key = new MatchCache.Key(object, kind, value);
            known.put(key, hits);
            cache.put(key, hits.stream().filter(c -> !c.converted()).toList());
        })));
        return known;
    }

    /**
     * A given id that matched nothing may have been merged away: its survivor answers for it (the given id's key
     * then holds the survivor). Costs requests only when a given id is missing: one queryAll per object, one read.
     */
    private Map<MatchCache.Key, List<Candidate>> survivorsOfMerges(Map<PersonObject, Set<String>> givenIds,
                                                                   Map<MatchCache.Key, List<Candidate>> found,
                                                                   OrgShape shape, CountedRequests requests) {
        if (givenIds == null) {
            return Map.of();
        }
        Map<String, Set<String>> missing = new HashMap<>();
        givenIds.forEach((object, ids) -> ids.stream()
                .filter(id -> !found.containsKey(new MatchCache.Key(object, LookupKind.SALESFORCE_ID, Candidate.key(LookupKind.SALESFORCE_ID, id))))
                .forEach(id -> missing.computeIfAbsent(object.sObject, o -> new LinkedHashSet<>()).add(id)));
        if (missing.isEmpty()) {
            return Map.of();
        }
        Map<String, String> survivors = merged.survivors(missing, requests);
        if (survivors.isEmpty()) {
            return Map.of();
        }
        Map<PersonObject, Set<String>> masters = new EnumMap<>(PersonObject.class);
        givenIds.forEach((object, ids) -> ids.stream().map(id -> survivors.get(Candidate.key(LookupKind.SALESFORCE_ID, id)))
                .filter(java.util.Objects::nonNull)
                .forEach(master -> masters.computeIfAbsent(object, o -> new LinkedHashSet<>()).add(master)));
        Map<MatchCache.Key, List<Candidate>> read = byKey(lookups.find(Map.of(LookupKind.SALESFORCE_ID, masters), shape, requests));
        Map<MatchCache.Key, List<Candidate>> out = new HashMap<>();
        givenIds.forEach((object, ids) -> ids.forEach(id -> {
            String master = survivors.get(Candidate.key(LookupKind.SALESFORCE_ID, id));
            List<Candidate> hits = master == null ? null
                    : read.get(new MatchCache.Key(object, LookupKind.SALESFORCE_ID, Candidate.key(LookupKind.SALESFORCE_ID, master)));
            if (hits != null) {
                out.put(new MatchCache.Key(object, LookupKind.SALESFORCE_ID, Candidate.key(LookupKind.SALESFORCE_ID, id)), hits);
            }
        }));
        return out;
    }

    /** The records found, under every value each of them answers (see {@link Candidate#keys}). */
    private static Map<MatchCache.Key, List<Candidate>> byKey(List<Candidate> found) {
        Map<MatchCache.Key, List<Candidate>> out = new HashMap<>();
        for (Candidate c : found) {
            for (LookupKind kind : ORDER) {
                for (String key : c.keys(kind)) {
                    out.computeIfAbsent(new MatchCache.Key(c.object(), kind, key), k -> new ArrayList<>()).add(c);
                }
            }
        }
        return out;
    }

    /** The first object in the rule's priority with a hit wins; within it, the most recently modified record. */
    private static void pick(Work w, LookupKind kind, Map<MatchCache.Key, List<Candidate>> known) {
        for (PersonObject object : w.objects) {
            List<Candidate> hits = sorted(w.keys.keys(kind).stream().filter(v -> fits(object, kind, v))
                    .flatMap(v -> known.getOrDefault(new MatchCache.Key(object, kind, v), List.of()).stream())
                    .toList());
            List<Candidate> live = hits.stream().filter(c -> !c.converted()).toList();
            for (Candidate converted : hits.stream().filter(Candidate::converted).toList()) {
                w.notes.add("matching: the Lead " + converted.id() + " given as person.salesforceId is converted"
                        + converted.successor().map(c -> " and lives on as the Contact " + c.id()
                        + (live.isEmpty() ? "; delivered there" : "; not used")).orElse("; not used"));
            }
            // a converted Lead's interactions go to the Contact it became, as Salesforce moved its activities there
            hits = live.isEmpty() ? hits.stream().flatMap(c -> c.successor().stream()).limit(1).toList() : live;
            if (!hits.isEmpty()) {
                if (kind == LookupKind.SALESFORCE_ID && hits.get(0).object() == object
                        && !hits.get(0).answers(kind, w.keys.salesforceId())) {
                    w.notes.add("matching: the " + object.ruleName + " " + w.keys.salesforceId() + " given as"
                            + " person.salesforceId was merged into " + hits.get(0).id() + "; delivered there");
                }
                w.match = hits.get(0);
                w.by = kind;
                w.others = hits.stream().skip(1).map(Candidate::id).toList();
                return;
            }
        }
        if (kind == LookupKind.SALESFORCE_ID) {
            w.notes.add("matching: no live record of " + w.objectNames() + " has the person.salesforceId "
                    + w.keys.salesforceId() + " (deleted, merged or of another object); matching on the other values");
        }
    }

    private static List<Candidate> sorted(List<Candidate> hits) {
        Map<String, Candidate> byId = new LinkedHashMap<>();
        hits.forEach(c -> byId.putIfAbsent(c.id(), c));
        // Salesforce keeps LastModifiedDate to the second, so ties happen: the most recently created (the larger
        // id: ids grow with creation) wins them, the same choice every time
        return byId.values().stream().sorted(Comparator.comparing(Candidate::lastModified)
                .thenComparing(c -> c.id().substring(0, Math.min(15, c.id().length()))).reversed()).toList();
    }

    private static boolean fits(PersonObject object, LookupKind kind, String value) {
        return object.supports(kind) && (kind != LookupKind.SALESFORCE_ID || value.startsWith(object.keyPrefix));
    }

    private static boolean uses(MatchStrategy strategy, LookupKind kind) {
        return switch (kind) {
            case SALESFORCE_ID -> strategy.usesSalesforceId();
            case EMAIL -> strategy.usesEmail();
            case PHONE -> strategy.usesPhone();
            case DOMAIN -> strategy.usesDomain();
        };
    }

    private static boolean wantsMatch(Interaction i) {
        return i.pending() && i.rule() != null && i.event() != null;
    }

    private static List<PersonObject> ruleObjects(TypeRule rule) {
        return rule.match().objects().stream().map(PersonObject::named).flatMap(Optional::stream).distinct().toList();
    }

    /** One event's way through the stages. */
    private static final class Work {
        final TypeRule rule;
        final PersonKeys keys;
        final List<PersonObject> objects;
        final List<String> notes;
        Candidate match;
        LookupKind by;
        List<String> others = List.of();

        Work(TypeRule rule, PersonKeys keys, List<PersonObject> objects) {
            this.rule = rule;
            this.keys = keys;
            this.objects = objects;
            this.notes = new ArrayList<>(keys.notes());
        }

        String objectNames() {
            return objects.stream().map(o -> o.ruleName).collect(Collectors.joining(", "));
        }

        /**
         * The person's key for creating one record per new person: the company domain when the rule creates an
         * Account for an unmatched domain, else the email, else the phone number.
         */
        String identity() {
            if (rule.match().strategy().usesDomain() && rule.whenNoMatch().create() == io.switchboard.model.rule.NewPerson.ACCOUNT
                    && keys.domain() != null) {
                return keys.domain();
            }
            return keys.personIdentity();
        }

        Interaction apply(Interaction interaction, OrgShape shape, String cost) {
            Interaction out = interaction;
            List<PersonObject> unavailable = rule.match().objects().stream().map(PersonObject::named)
                    .flatMap(Optional::stream).filter(o -> !objects.contains(o)).toList();
            if (!unavailable.isEmpty()) {
                notes.add("matching: the org has no Person Accounts, so PersonAccount is not matched");
            }
            if (match == null) {
                if (tried().isEmpty() || objects.isEmpty()) {
                    notes.add("matching: nothing to match on (no usable " + wanted() + "); the rule decides what happens");
                } else {
                    notes.add("matching: no " + objectNames() + " matched by " + tried());
                }
                out = out.withMatch(Match.none(identity()));
            } else {
                Match m = new Match(match.object().sObject, match.id(), by.label, match.accountId(), others,
                        identity(), match.object().ruleName, match.whoId());
                StringBuilder note = new StringBuilder("matching: ").append(match.object().ruleName).append(' ')
                        .append(match.id()).append(" by ").append(by.label);
                if (match.object() == PersonObject.CONTACT && match.accountId() != null) {
                    note.append(" (Account ").append(match.accountId()).append(')');
                }
                if (!others.isEmpty()) {
                    note.append("; ambiguous: ").append(others.size() + 1).append(' ').append(match.object().ruleName)
                            .append(" records matched, chose the most recently modified; the others: ")
                            .append(String.join(", ", others));
                }
                notes.add(note.toString());
                out = out.withMatch(m);
            }
            for (String note : notes) {
                out = out.withNote(note);
            }
            return out.withNote(cost);
        }

        private String wanted() {
            MatchStrategy s = rule.match().strategy();
            List<String> values = new ArrayList<>();
            if (s.usesSalesforceId()) {
                values.add("Salesforce id");
            }
            if (s.usesEmail()) {
                values.add("email");
            }
            if (s.usesPhone()) {
                values.add("phone");
            }
            if (s.usesDomain()) {
                values.add("website or company email domain");
            }
            return String.join(", ", values);
        }

        private String tried() {
            MatchStrategy s = rule.match().strategy();
            return ORDER.stream().filter(k -> uses(s, k) && !keys.keys(k).isEmpty()).map(k -> k.label)
                    .collect(Collectors.joining(", then "));
        }
    }
}
