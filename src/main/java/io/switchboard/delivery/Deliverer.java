package io.switchboard.delivery;

import io.switchboard.model.Interaction;
import io.switchboard.model.Match;
import io.switchboard.model.Failure;
import io.switchboard.model.WrittenRecord;
import io.switchboard.salesforce.RecordWrite;
import io.switchboard.salesforce.SalesforceError;
import io.switchboard.salesforce.SalesforceGateway;
import io.switchboard.salesforce.SalesforceUnavailable;
import io.switchboard.salesforce.SaveResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Executes a batch's {@link DeliveryPlan}s round by round (see {@link WriteRounds}), each round in as few API requests
 * as Salesforce allows ({@link SalesforceGateway#saveAll}).
 * Writes that share a key within the batch (one new person, one conversation, one note) are made once: the latest
 * version wins and the other events link to the same record. A record Salesforce rejects fails its own event only
 * (dead-lettered with Salesforce's code); an unavailable Salesforce fails the batch, which is retried whole, and
 * since every write is keyed or matched again, a retry or a replay adds nothing twice.
 */
@Component("deliverer")
public class Deliverer {

    private final DeliveryPlanner planner;
    private final SalesforceGateway salesforce;
    private final FieldAccess access;
    private final io.switchboard.matching.MatchMemory matches;
    private final Collisions collisions;

    public Deliverer(DeliveryPlanner planner, SalesforceGateway salesforce, FieldAccess access,
                     io.switchboard.matching.MatchMemory matches, Collisions collisions) {
        this.planner = planner;
        this.salesforce = salesforce;
        this.access = access;
        this.matches = matches;
        this.collisions = collisions;
    }

    /** One event's delivery in progress. */
    private static final class Progress {
        final DeliveryPlan plan;
        Interaction current;
        final Map<WriteRef, String> ids = new HashMap<>();
        String activityId;
        boolean finished;

        Progress(DeliveryPlan plan) {
            this.plan = plan;
            this.current = plan.interaction();
        }
    }

    public List<Interaction> deliver(List<Interaction> batch) {
        List<Interaction> wanting = batch.stream().filter(i -> i.pending() && i.rule() != null).toList();
        Map<Interaction, Progress> byInteraction = new IdentityHashMap<>();
        List<Progress> all = new ArrayList<>();
        for (DeliveryPlan plan : plans(wanting)) {
            Progress p = start(plan);
            byInteraction.put(plan.interaction(), p);
            all.add(p);
        }
        Map<PlannedWrite, Integer> rounds = WriteRounds.of(all.stream()
                .map(p -> p.finished ? List.<PlannedWrite>of() : p.plan.writes()).toList());
        int last = rounds.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        Set<PlannedWrite> made = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (int round = 1; round <= last; round++) {
            if (round == last || !runWithNext(round, rounds, all, made)) {
                run(round, rounds, all, made);
            }
        }
        List<Interaction> out = new ArrayList<>(batch.size());
        for (Interaction interaction : batch) {
            Progress p = byInteraction.get(interaction);
            Interaction done = p == null ? interaction : p.finished ? p.current : p.current.delivered(p.activityId);
            // the last stage: a record no stage decided is a defect, never a record without an outcome
            out.add(done.pending() ? done.failedWith(io.switchboard.model.Failures.defect("delivery",
                    new IllegalStateException("no stage decided this record"))) : done);
        }
        return out;
    }

    /**
     * The batch's plans; when planning the batch fails on something other than an unavailable Salesforce (a look-up
     * Salesforce rejects, a defect), each event is planned alone, so only the events at fault are dead-lettered.
     */
    private List<DeliveryPlan> plans(List<Interaction> wanting) {
        return io.switchboard.model.EachAlone.onFailure(wanting, planner::plan, (one, failure) ->
                failure instanceof io.switchboard.salesforce.SalesforceRejection rejected
                        ? DeliveryPlan.failed(one, io.switchboard.model.Failures.rejectedLookup("delivery: look-up",
                                rejected.error().code(), rejected.error().message()))
                        : DeliveryPlan.failed(one, io.switchboard.model.Failures.defect("delivery: plan", failure)),
                SalesforceUnavailable.class);
    }

    private static Progress start(DeliveryPlan plan) {
        Progress p = new Progress(plan);
        for (String note : plan.notes()) {
            p.current = p.current.withNote(note);
        }
        if (plan.failure() != null) {
            finish(p, p.current.failedWith(plan.failure()));
        } else if (plan.skipReason() != null && plan.writes().isEmpty()) {
            finish(p, p.current.skipped(plan.skipReason()));
        } else if (plan.kept() != null) {
            p.current = p.current.withWritten(plan.kept());
            p.activityId = plan.kept().id();
        }
        return p;
    }

    private static void finish(Progress p, Interaction result) {
        p.current = result;
        p.finished = true;
    }

    /** A round's writes not made yet, of the events still in delivery, those of one record made once. */
    private static List<SharedWrite<Progress>> pendingOf(int round, Map<PlannedWrite, Integer> rounds, List<Progress> all,
                                                         Set<PlannedWrite> made) {
        SharedWrite.Round<Progress> shared = new SharedWrite.Round<>();
        for (Progress p : all) {
            if (!p.finished) {
                p.plan.writes().stream().filter(w -> rounds.getOrDefault(w, 0) == round && !made.contains(w))
                        .forEach(w -> shared.add(p, w));
            }
        }
        return shared.writes();
    }

    private void run(int round, Map<PlannedWrite, Integer> rounds, List<Progress> all, Set<PlannedWrite> made) {
        List<SharedWrite<Progress>> pending = pendingOf(round, rounds, all, made);
        if (pending.isEmpty()) {
            return;
        }
        List<RecordWrite> writes = pending.stream().map(w -> toRecord(w.write, w.owner.ids)).toList();
        settleAll(pending, writes, saveEachAloneIfRefused(writes));
    }

    /**
     * A round and, in the same request, the next round's writes that name only records this round creates for
     * their events (a new Lead, and the Task whose WhoId is that Lead): Salesforce resolves the references. Should
     * any of an event's records of this round fail (refused, or the person's key taken meanwhile), every write naming
     * it is halted by Salesforce, written by nobody, and goes again in the next round, as if never chained. A
     * next-round write of an event that creates a record in this round without naming it waits for the next round
     * (see {@link #chainedRecord}). Returns false, having sent nothing, when chaining is not possible: the rounds
     * then go one by one.
     */
    private boolean runWithNext(int round, Map<PlannedWrite, Integer> rounds, List<Progress> all, Set<PlannedWrite> made) {
        List<SharedWrite<Progress>> first = pendingOf(round, rounds, all, made);
        List<SharedWrite<Progress>> next = pendingOf(round + 1, rounds, all, made);
        if (first.isEmpty() || next.isEmpty()) {
            return false;
        }
        Map<Progress, Map<WriteRef, Integer>> positions = new IdentityHashMap<>();
        for (int i = 0; i < first.size(); i++) {
            SharedWrite<Progress> w = first.get(i);
            for (Progress p : w.everyone()) {
                positions.computeIfAbsent(p, k -> new HashMap<>()).put(w.slotOf(p), i);
            }
        }
        List<SharedWrite<Progress>> chained = new ArrayList<>();
        List<RecordWrite> chainedWrites = new ArrayList<>();
        for (SharedWrite<Progress> w : next) {
            chainedRecord(w, first, positions).ifPresent(record -> {
                chained.add(w);
                chainedWrites.add(record);
            });
        }
        if (chained.isEmpty()) {
            return false;
        }
        List<RecordWrite> firstWrites = first.stream().map(w -> toRecord(w.write, w.owner.ids)).toList();
        java.util.Optional<SalesforceGateway.ChainedResults> results;
        try {
            results = salesforce.saveChained(firstWrites, chainedWrites);
        } catch (io.switchboard.salesforce.SalesforceRejection refused) {
            // refused as a whole, nothing written: round by round, where each write can be tried alone
            return false;
        }
        if (results.isEmpty()) {
            return false;
        }
        settleAll(first, firstWrites, results.get().first());
        List<SharedWrite<Progress>> carriedOut = new ArrayList<>();
        List<RecordWrite> carriedOutWrites = new ArrayList<>();
        List<SaveResult> carriedOutResults = new ArrayList<>();
        for (int i = 0; i < chained.size(); i++) {
            SaveResult result = results.get().then().get(i);
            if (result != null) {
                carriedOut.add(chained.get(i));
                carriedOutWrites.add(chainedWrites.get(i));
                carriedOutResults.add(result);
                made.addAll(chained.get(i).contributed);
            }
        }
        settleAll(carriedOut, carriedOutWrites, carriedOutResults);
        return true;
    }

    /**
     * The write as a record whose fields name this round's records by reference; empty when it cannot go with this
     * round: it names something not written by then, or one of its events creates a record in this round that it
     * does not name (a participant's new Lead, say: were that one to fail, this one must wait). An update of this
     * round it follows but need not name: a known caller's Task goes with the update of their Contact, after it in
     * the same request, and should the update fail, the Task is still logged and the event dead-lettered with both
     * in its outcome; a replay fills again what is still empty and finds the Task by its key. (A reference could
     * not stop it anyway: Salesforce answers a failed update with the record's id too.)
     */
    private static java.util.Optional<RecordWrite> chainedRecord(SharedWrite<Progress> w, List<SharedWrite<Progress>> first,
                                                                 Map<Progress, Map<WriteRef, Integer>> positions) {
        Map<String, Object> fields = new LinkedHashMap<>(w.write.fields());
        Set<Integer> named = new java.util.HashSet<>();
        for (Map.Entry<String, WriteRef> ref : w.write.refs().entrySet()) {
            String id = w.owner.ids.get(ref.getValue());
            Integer at = positions.getOrDefault(w.owner, Map.of()).get(ref.getValue());
            if (id != null) {
                fields.put(ref.getKey(), id);
            } else if (at != null) {
                fields.put(ref.getKey(), new SalesforceGateway.IdOfEarlier(at));
                named.add(at);
            } else {
                return java.util.Optional.empty();
            }
        }
        for (Progress p : w.everyone()) {
            for (int at : positions.getOrDefault(p, Map.of()).values()) {
                if (!named.contains(at) && first.get(at).write.kind() == PlannedWrite.Kind.CREATE) {
                    return java.util.Optional.empty();
                }
            }
        }
        return java.util.Optional.of(new RecordWrite(w.write.sObject(),
                w.write.kind() == PlannedWrite.Kind.CREATE ? null : w.write.id(), fields));
    }

    /** What a round's results mean for its events: ids kept, collisions resolved, failures recorded. */
    private void settleAll(List<SharedWrite<Progress>> pending, List<RecordWrite> writes, List<SaveResult> results) {
        Map<SharedWrite<Progress>, String> collided = collidedWith(pending, writes, results);
        List<SharedWrite<Progress>> again = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            SharedWrite<Progress> p = pending.get(i);
            String existing = collided.get(p);
            if (existing != null && WriteRole.PERSON.equals(p.write.ref()) && p.write.kind() == PlannedWrite.Kind.CREATE) {
                // The person's key is taken: created meanwhile by another instance, or under another Kafka key.
                // It is the same person: matched to that record, which is left as it is.
                adopt(p, existing);
            } else if (existing != null) {
                // Written meanwhile by another instance, or not visible to our look-up: update that record instead.
                p.write = p.write.asUpdateOf(existing, access.updatableOnly(p.write.sObject(), p.write.fields()));
                again.add(p);
            } else if (!results.get(i).success() && !p.merged.isEmpty()) {
                // Rejected for one event's value, perhaps: each event's own changes are tried alone, so only the
                // event at fault fails (one request each: a collection may name the record only once).
                for (SharedWrite<Progress> own : p.merged) {
                    settle(own, saveEachAloneIfRefused(List.of(toRecord(own.write, own.owner.ids))).get(0));
                }
            } else {
                settle(p, results.get(i));
            }
        }
        if (!again.isEmpty()) {
            List<SaveResult> retried = saveEachAloneIfRefused(again.stream().map(w -> toRecord(w.write, w.owner.ids)).toList());
            for (int i = 0; i < again.size(); i++) {
                settle(again.get(i), retried.get(i));
            }
        }
    }

    /**
     * The round's writes; when Salesforce refuses the request as a whole (not record by record, and not for being
     * unavailable), each write is sent alone so that only the writes at fault fail, each with Salesforce's error.
     */
    private List<SaveResult> saveEachAloneIfRefused(List<RecordWrite> writes) {
        return io.switchboard.model.EachAlone.onFailure(writes, salesforce::saveAll, (write, failure) -> {
            if (failure instanceof io.switchboard.salesforce.SalesforceRejection refused) {
                return new SaveResult(null, refused.error());
            }
            throw failure;
        }, SalesforceUnavailable.class);
    }

    /** The records that keyed creates of this round collided with (see {@link Collisions}). */
    private Map<SharedWrite<Progress>, String> collidedWith(List<SharedWrite<Progress>> pending, List<RecordWrite> writes, List<SaveResult> results) {
        List<SharedWrite<Progress>> colliding = new ArrayList<>();
        List<RecordWrite> creates = new ArrayList<>();
        List<SaveResult> failures = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).write.isKeyed() && Collisions.isCollision(writes.get(i), results.get(i))) {
                colliding.add(pending.get(i));
                creates.add(writes.get(i));
                failures.add(results.get(i));
            }
        }
        Map<SharedWrite<Progress>, String> out = new IdentityHashMap<>();
        if (!colliding.isEmpty()) {
            List<java.util.Optional<String>> found = collisions.existing(creates, failures);
            for (int i = 0; i < colliding.size(); i++) {
                int at = i;
                found.get(i).ifPresent(id -> out.put(colliding.get(at), id));
            }
        }
        return out;
    }

    private static RecordWrite toRecord(PlannedWrite write, Map<WriteRef, String> ids) {
        Map<String, Object> fields = new LinkedHashMap<>(write.fields());
        write.refs().forEach((field, ref) -> {
            if (ids.containsKey(ref)) {
                fields.put(field, ids.get(ref));
            }
        });
        return new RecordWrite(write.sObject(), write.kind() == PlannedWrite.Kind.CREATE ? null : write.id(), fields);
    }

    private static boolean alreadyRelated(PlannedWrite write, SaveResult result) {
        return WriteRole.RELATION.equals(write.ref()) && write.kind() == PlannedWrite.Kind.CREATE
                && "DUPLICATE_VALUE".equals(result.error().code());
    }

    /** A new person who turned out to exist: every event that would have created them is matched to the record. */
    private void adopt(SharedWrite<Progress> pending, String existingId) {
        PlannedWrite write = pending.write;
        List<Progress> everyone = new ArrayList<>(pending.followers);
        everyone.add(0, pending.owner);
        for (Progress p : everyone) {
            WriteRef slot = pending.slotOf(p);
            p.ids.put(slot, existingId);
            String note = "The " + write.sObject() + " " + existingId + " already holds this person's key: created "
                    + "meanwhile by another instance or for an event under another Kafka key, so it is matched instead "
                    + "of created twice";
            p.current = slot.party() != 0 ? p.current.withNote("participant " + slot.party() + ": " + note)
                    : p.current.withMatch(new Match(write.sObject(), existingId, "person key", null, List.of(),
                            write.isKeyed() ? write.keys().get(0) : null)).withNote(note);
        }
    }

    private void settle(SharedWrite<Progress> pending, SaveResult result) {
        PlannedWrite write = pending.write;
        if (!result.success() && alreadyRelated(write, result)) {
            // the other person is related already (a replay racing its first try): that is what was wanted
            for (Progress p : pending.everyone()) {
                p.current = p.current.withNote("participant " + pending.slotOf(p).party() + " is related to the "
                        + "activity already (" + write.sObject() + "): left as it is");
            }
            return;
        }
        if (!result.success()) {
            SalesforceError error = result.error();
            String what = write.kind().name().toLowerCase(Locale.ROOT) + " " + write.sObject();
            Failure failure = new Failure(error.code(), "Salesforce rejected the " + what + ": " + error.message()
                    + (error.fields().isEmpty() ? "" : " (fields " + error.fields() + ")")
                    + ". Fix the event or the rule, then replay it from the dead-letter topic.", "delivery: " + what);
            finish(pending.owner, pending.owner.current.failedWith(failure));
            for (Progress follower : pending.followers) {
                finish(follower, follower.current.failedWith(failure));
            }
            // The matched record may be gone (deleted, converted): the next event looks it up afresh.
            Match matched = pending.owner.plan.interaction().match();
            if (matched != null && matched.found()) {
                matches.forget(matched.id());
            }
            return;
        }
        String id = result.id();
        Progress owner = pending.owner;
        owner.ids.put(pending.slotOf(owner), id);
        owner.current = owner.current.withWritten(new WrittenRecord(write.sObject(), id,
                write.kind() == PlannedWrite.Kind.CREATE ? WrittenRecord.CREATED : WrittenRecord.UPDATED));
        if (WriteRole.ACTIVITY.equals(write.ref()) && pending.slotOf(owner).party() == 0) {
            // the outcome's activity is the primary person's; the others' are among its records
            owner.activityId = id;
        }
        for (Progress follower : pending.followers) {
            WriteRef slot = pending.slotOf(follower);
            follower.ids.put(slot, id);
            if (!pending.merged.isEmpty()) {
                follower.current = follower.current.withWritten(new WrittenRecord(write.sObject(), id,
                        WrittenRecord.UPDATED)).withNote("The " + write.sObject() + " " + id
                        + " was updated once for this and another event of this batch");
            } else if (WriteRole.PERSON.equals(write.ref()) && slot.party() != 0) {
                follower.current = follower.current.withNote("participant " + slot.party() + ": the " + write.sObject()
                        + " " + id + " was created for another event of this batch");
            } else if (WriteRole.PERSON.equals(write.ref())) {
                follower.current = follower.current.withMatch(new Match(write.sObject(), id, "an earlier event of this batch",
                        null, List.of(), write.keys().get(0))).withNote("The " + write.sObject() + " " + id
                        + " was created for another event of this person in the same batch");
            } else if (WriteRole.ACTIVITY.equals(write.ref()) && slot.party() == 0) {
                follower.activityId = id;
                follower.current = follower.current.withWritten(new WrittenRecord(write.sObject(), id, "unchanged"))
                        .withNote("A later update of this interaction in the same batch wrote the " + write.sObject());
            }
        }
    }
}
