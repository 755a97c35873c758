package io.switchboard.delivery;

import io.switchboard.flow.Interaction;
import io.switchboard.outcome.Failure;
import io.switchboard.outcome.WrittenRecord;
import io.switchboard.salesforce.SalesforceGateway;
import io.switchboard.salesforce.SalesforceRejection;
import io.switchboard.salesforce.SalesforceUnavailable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Executes each event's {@link DeliveryPlan}. A record Salesforce rejects fails its own event only (dead-lettered
 * with Salesforce's code); an unavailable Salesforce fails the batch, which is retried whole. Writes are
 * idempotent so a retry adds nothing twice: the activity is keyed by the event, and a person created on the first
 * try is matched (by an exact query) on the second.
 */
@Component("deliverer")
public class Deliverer {

    private final DeliveryPlanner planner;
    private final SalesforceGateway salesforce;

    public Deliverer(DeliveryPlanner planner, SalesforceGateway salesforce) {
        this.planner = planner;
        this.salesforce = salesforce;
    }

    public List<Interaction> deliver(List<Interaction> batch) {
        List<Interaction> wanting = batch.stream().filter(i -> i.pending() && i.rule() != null).toList();
        Map<Interaction, DeliveryPlan> plans = new java.util.IdentityHashMap<>();
        planner.plan(wanting).forEach(p -> plans.put(p.interaction(), p));
        List<Interaction> out = new ArrayList<>(batch.size());
        for (Interaction interaction : batch) {
            DeliveryPlan plan = plans.get(interaction);
            out.add(plan == null ? interaction : execute(plan));
        }
        return out;
    }

    private Interaction execute(DeliveryPlan plan) {
        Interaction current = plan.interaction();
        if (plan.failure() != null) {
            return current.failedWith(plan.failure());
        }
        if (plan.skipReason() != null && plan.writes().isEmpty()) {
            return current.skipped(plan.skipReason());
        }
        Map<String, String> ids = new HashMap<>();
        String activityId = null;
        for (PlannedWrite write : plan.writes()) {
            try {
                WrittenRecord written = write(write, ids);
                if (written.id() != null) {
                    ids.put(write.ref(), written.id());
                }
                current = current.withWritten(written);
                if (DeliveryPlan.ACTIVITY.equals(write.ref())) {
                    activityId = written.id();
                }
            } catch (SalesforceRejection rejected) {
                if (DeliveryPlan.ACTIVITY.equals(write.ref()) && write.kind() == PlannedWrite.Kind.CREATE
                        && "DUPLICATE_VALUE".equals(rejected.error().code())) {
                    // Another instance logged this activity between our look-up and our create: retrying the
                    // batch finds it and updates it instead.
                    throw new SalesforceUnavailable("create " + write.sObject(), rejected.error(), rejected);
                }
                String what = write.kind().name().toLowerCase() + " " + write.sObject();
                return current.failedWith(new Failure(rejected.error().code(),
                        "Salesforce rejected the " + what + ": " + rejected.error().message()
                                + (rejected.error().fields().isEmpty() ? "" : " (fields " + rejected.error().fields() + ")")
                                + ". Fix the event or the rule, then replay it from the dead-letter topic.",
                        "delivery: " + what));
            } catch (SalesforceUnavailable e) {
                throw e;
            } catch (RuntimeException defect) {
                return current.failedWith(Defects.failure(defect, "delivery: " + write.kind().name().toLowerCase()
                        + " " + write.sObject()));
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
