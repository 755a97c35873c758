package io.switchboard.delivery;

import io.switchboard.flow.Interaction;
import io.switchboard.matching.Match;
import io.switchboard.outcome.Failure;
import io.switchboard.outcome.WrittenRecord;
import io.switchboard.salesforce.SalesforceGateway;
import io.switchboard.salesforce.SalesforceRejection;
import io.switchboard.salesforce.SalesforceUnavailable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Executes each event's {@link DeliveryPlan}, in batch order. A record Salesforce rejects fails its own event only
 * (dead-lettered with Salesforce's code); an unavailable Salesforce fails the batch, which is retried whole. Writes
 * are idempotent so a retry or a replay adds nothing twice: activities and notes are found again by their keys, a
 * person created on a first try is matched on the second, and within one batch several events of one new person,
 * one conversation or one note write it once ({@link BatchMemory}).
 */
@Component("deliverer")
public class Deliverer {

    private final DeliveryPlanner planner;
    private final SalesforceGateway salesforce;
    private final FieldAccess access;

    public Deliverer(DeliveryPlanner planner, SalesforceGateway salesforce, FieldAccess access) {
        this.planner = planner;
        this.salesforce = salesforce;
        this.access = access;
    }

    public List<Interaction> deliver(List<Interaction> batch) {
        List<Interaction> wanting = batch.stream().filter(i -> i.pending() && i.rule() != null).toList();
        Map<Interaction, DeliveryPlan> plans = new IdentityHashMap<>();
        planner.plan(wanting).forEach(p -> plans.put(p.interaction(), p));
        BatchMemory memory = new BatchMemory();
        List<Interaction> out = new ArrayList<>(batch.size());
        for (Interaction interaction : batch) {
            DeliveryPlan plan = plans.get(interaction);
            out.add(plan == null ? interaction : execute(plan, memory));
        }
        return out;
    }

    private Interaction execute(DeliveryPlan plan, BatchMemory memory) {
        Interaction current = plan.interaction();
        for (String note : plan.notes()) {
            current = current.withNote(note);
        }
        if (plan.failure() != null) {
            return current.failedWith(plan.failure());
        }
        if (plan.skipReason() != null && plan.writes().isEmpty()) {
            return current.skipped(plan.skipReason());
        }
        Map<String, String> ids = new HashMap<>();
        String activityId = null;
        if (plan.kept() != null) {
            current = current.withWritten(plan.kept());
            activityId = plan.kept().id();
        }
        for (PlannedWrite planned : plan.writes()) {
            PlannedWrite write = planned;
            try {
                // Another event of this batch already wrote the same person, activity or note.
                String earlier = memory.written(write);
                if (earlier != null && DeliveryPlan.NOTE_LINK.equals(write.ref())) {
                    continue;
                }
                if (earlier != null && DeliveryPlan.PERSON.equals(write.ref())) {
                    ids.put(write.ref(), earlier);
                    current = current.withMatch(new Match(write.sObject(), earlier, "created earlier in this batch",
                            null, List.of(), write.key())).withNote("The " + write.sObject() + " " + earlier
                            + " was created for an earlier event of this person in the same batch");
                    continue;
                }
                if (earlier != null && memory.isNewer(write)) {
                    current = current.withNote("A later update of this " + write.sObject()
                            + " came earlier in the same batch; this one leaves it as it is");
                    if (DeliveryPlan.ACTIVITY.equals(write.ref())) {
                        activityId = earlier;
                        current = current.withWritten(new WrittenRecord(write.sObject(), earlier, "unchanged"));
                    }
                    ids.put(write.ref(), earlier);
                    continue;
                }
                if (earlier != null && write.kind() == PlannedWrite.Kind.CREATE) {
                    write = write.asUpdateOf(earlier, access.updatableOnly(write.sObject(), write.fields()));
                }
                WrittenRecord written = write(write, ids);
                memory.remember(write, written.id());
                ids.put(write.ref(), written.id());
                current = current.withWritten(written);
                if (DeliveryPlan.ACTIVITY.equals(write.ref())) {
                    activityId = written.id();
                }
            } catch (SalesforceRejection rejected) {
                if (write.kind() == PlannedWrite.Kind.CREATE && "DUPLICATE_VALUE".equals(rejected.error().code())) {
                    // Another instance wrote this keyed record between our look-up and our create: retrying the
                    // batch finds it and updates it instead.
                    throw new SalesforceUnavailable("create " + write.sObject(), rejected.error(), rejected);
                }
                String what = write.kind().name().toLowerCase(Locale.ROOT) + " " + write.sObject();
                return current.failedWith(new Failure(rejected.error().code(),
                        "Salesforce rejected the " + what + ": " + rejected.error().message()
                                + (rejected.error().fields().isEmpty() ? "" : " (fields " + rejected.error().fields() + ")")
                                + ". Fix the event or the rule, then replay it from the dead-letter topic.",
                        "delivery: " + what));
            } catch (SalesforceUnavailable e) {
                throw e;
            } catch (RuntimeException defect) {
                return current.failedWith(Defects.failure(defect, "delivery: "
                        + write.kind().name().toLowerCase(Locale.ROOT) + " " + write.sObject()));
            }
        }
        return current.delivered(activityId);
    }

    private WrittenRecord write(PlannedWrite write, Map<String, String> ids) {
        Map<String, Object> fields = new LinkedHashMap<>(write.fields());
        write.refs().forEach((field, ref) -> {
            if (ids.containsKey(ref)) {
                fields.put(field, ids.get(ref));
            }
        });
        return switch (write.kind()) {
            case CREATE -> new WrittenRecord(write.sObject(), salesforce.create(write.sObject(), fields),
                    WrittenRecord.CREATED);
            case UPDATE -> {
                salesforce.update(write.sObject(), write.id(), fields);
                yield new WrittenRecord(write.sObject(), write.id(), WrittenRecord.UPDATED);
            }
        };
    }
}
