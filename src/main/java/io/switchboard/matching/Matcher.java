package io.switchboard.matching;

import io.switchboard.model.Match;

import io.switchboard.model.Interaction;
import io.switchboard.model.Resolution;
import io.switchboard.model.ReviewCandidate;
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

    /** How a match is found that a person chose in the review queue (the outcome's {@code matched.by}). */
    public static final String BY_REVIEW = "review";

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
        List<Interaction> honoured = batch.stream().map(Matcher::skippedInReview).toList();
        // the other people on each interaction are matched in the same round (see ParticipantMatches)
        return io.switchboard.model.EachAlone.onFailure(honoured,
                b -> ParticipantMatches.fold(b, matchBatch(ParticipantMatches.expand(b))), (one, failure) -> one.failedWith(
                failure instanceof io.switchboard.salesforce.SalesforceRejection rejected
                        ? io.switchboard.model.Failures.rejectedLookup("matching", rejected.error().code(), rejected.error().message())
                        : io.switchboard.model.Failures.defect("matching", failure)),
                io.switchboard.salesforce.SalesforceUnavailable.class);
    }

    /** A person chose, in the review queue, not to deliver it: nothing is matched or written. */
    private static Interaction skippedInReview(Interaction i) {
        Resolution r = i.resolution();
        if (!i.pending() || r == null || r.action() != Resolution.Action.SKIP) {
            return i;
        }
        return i.withNote(r.describe()).skippedInReview("Skipped in review by " + (r.by() == null ? "an operator" : r.by())
                + (r.note() == null || r.note().isBlank() ? "" : ": " + r.note()));
    }

    private List<Interaction> matchBatch(List<Interaction> batch) {
        List<Interaction> wanting = batch.stream().filter(Matcher::wantsMatch).toList();
        if (wanting.isEmpty()) {
            return batch;
        }
        Set<PersonObject> wanted = wanting.stream().flatMap(i -> objectsFor(i).stream())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        OrgShape shape = shapes.shape(wanted);
        CountedRequests requests = new CountedRequests(salesforce);
        Map<Interaction, Work> work = new IdentityHashMap<>();
        for (Interaction i : wanting) {
            work.putIfAbsent(i, new Work(i.rule(), keyReader.read(i.event(), i.rule().match().strategy()),
                    objectsFor(i).stream().filter(o -> shapes.available(o, shape)).toList(), i.resolution()));
        }
        Map<MatchCache.Key, List<Candidate>> known = lookUp(work.values(), shape, requests);
        for (LookupKind kind : ORDER) {
            for (Work w : work.values()) {
                if (w.match == null && w.uses(kind) && !w.values(kind).isEmpty()) {
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
                if (!w.uses(kind)) {
                    continue;
                }
                boolean sure = false;
                for (String value : w.values(kind)) {
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
            List<Candidate> hits = sorted(w.values(kind).stream().filter(v -> fits(object, kind, v))
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
                // the id looked up: the one a person chose in review, else the event's own
                String given = w.chosen != null ? w.chosen : w.keys.salesforceId();
                if (kind == LookupKind.SALESFORCE_ID && given != null && hits.get(0).object() == object
                        && !hits.get(0).answers(kind, given)) {
                    w.notes.add("matching: the " + object.ruleName + " " + given + (w.chosen != null
                            ? " chosen in review" : " given as person.salesforceId") + " was merged into "
                            + hits.get(0).id() + "; delivered there");
                }
                w.match = hits.get(0);
                w.by = kind;
                w.others = hits.stream().skip(1).map(Candidate::id).toList();
                w.hits = hits;
                return;
            }
        }
        if (kind == LookupKind.SALESFORCE_ID && w.chosen == null) {
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
        // a rule that only adds to an interaction's existing activity matches nobody (the event names nobody)
        return i.pending() && i.rule() != null && i.event() != null && !i.rule().activity().updatesExistingOnly();
    }

    /**
     * The objects an event may match: its rule's, or, for a record a person chose in the review queue, the objects
     * whose ids look like that record's.
     */
    private static List<PersonObject> objectsFor(Interaction i) {
        Resolution r = i.resolution();
        if (r != null && r.action() == Resolution.Action.DELIVER) {
            List<PersonObject> ranked = new ArrayList<>(ruleObjects(i.rule()));
            ranked.addAll(List.of(PersonObject.values()));
            return ranked.stream().distinct().filter(o -> r.recordId().startsWith(o.keyPrefix)).toList();
        }
        return ruleObjects(i.rule());
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
        /** What a person decided in the review queue, or null. */
        final Resolution resolution;
        /** The record a person chose (15 characters): looked up by its id alone, instead of matching. */
        final String chosen;
        Candidate match;
        LookupKind by;
        List<String> others = List.of();
        /** Every record of the winning object that matched, the winner first. */
        List<Candidate> hits = List.of();

        Work(TypeRule rule, PersonKeys keys, List<PersonObject> objects, Resolution resolution) {
            this.rule = rule;
            this.keys = keys;
            this.objects = objects;
            this.notes = new ArrayList<>(keys.notes());
            this.resolution = resolution;
            this.chosen = resolution != null && resolution.action() == Resolution.Action.DELIVER
                    ? Candidate.key(LookupKind.SALESFORCE_ID, resolution.recordId()) : null;
        }

        private boolean creating() {
            return resolution != null && resolution.action() == Resolution.Action.CREATE;
        }

        /** Whether this event is matched by a kind: its strategy's, only the chosen id, or nothing when creating. */
        boolean uses(LookupKind kind) {
            if (chosen != null) {
                return kind == LookupKind.SALESFORCE_ID;
            }
            return !creating() && Matcher.uses(rule.match().strategy(), kind);
        }

        List<String> values(LookupKind kind) {
            if (chosen != null) {
                return kind == LookupKind.SALESFORCE_ID ? List.of(chosen) : List.of();
            }
            return creating() ? List.of() : keys.keys(kind);
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
            if (resolution != null) {
                return resolved(interaction).withNote(cost);
            }
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
            return held(out).withNote(cost);
        }

        /**
         * The rule holds it for a person instead of guessing: nobody matched and it says {@code create: review},
         * or several records of the winning object matched and it says {@code ambiguous: review}.
         */
        private Interaction held(Interaction matched) {
            if (match == null && rule.whenNoMatch().holdsForReview()) {
                return matched.heldForReview(List.of(), "Nobody matched by " + (tried().isEmpty() ? "anything" : tried())
                        + " and the rule for '" + rule.type() + "' holds it for review: choose a record, create a Lead "
                        + "or a Contact, or skip it");
            }
            if (match != null && !others.isEmpty() && rule.match().ambiguous() == io.switchboard.model.rule.Ambiguity.REVIEW) {
                List<ReviewCandidate> candidates = hits.stream().map(c -> new ReviewCandidate(c.id(),
                        c.object().sObject, c.name(), why(c))).toList();
                return matched.withMatch(Match.none(identity())).heldForReview(candidates, hits.size() + " "
                        + match.object().ruleName + " records match by " + by.label + " and the rule for '" + rule.type()
                        + "' holds it for review: choose one, create a Lead or a Contact, or skip it");
            }
            return matched;
        }

        private String why(Candidate c) {
            return values(by).stream().filter(v -> c.answers(by, v)).findFirst().map(v -> by.label + " " + v)
                    .orElse(by.label);
        }

        /** What a person decided in the review queue, honoured instead of matching. */
        private Interaction resolved(Interaction interaction) {
            Interaction out = interaction.withNote(resolution.describe());
            for (String note : notes) {
                out = out.withNote(note);
            }
            if (creating()) {
                return out.withRule(rule.withCreate(resolution.create())).withMatch(Match.none(keys.personIdentity()));
            }
            if (match == null) {
                return out.withMatch(Match.none(identity())).heldForReview(List.of(), "The record "
                        + resolution.recordId() + " chosen in review" + (resolution.by() == null ? "" : " by " + resolution.by())
                        + " is not there any more (deleted, merged, converted, or not a Contact, Lead or Account): "
                        + "choose again");
            }
            return out.withMatch(new Match(match.object().sObject, match.id(), BY_REVIEW, match.accountId(), List.of(),
                    identity(), match.object().ruleName, match.whoId()));
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
            return ORDER.stream().filter(k -> Matcher.uses(s, k) && !keys.keys(k).isEmpty()).map(k -> k.label)
                    .collect(Collectors.joining(", then "));
        }
    }
}
