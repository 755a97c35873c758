package io.switchboard.delivery;

import io.switchboard.model.Failure;
import io.switchboard.model.Interaction;
import io.switchboard.model.InteractionEvent;
import io.switchboard.model.WrittenRecord;
import io.switchboard.model.rule.TypeRule;
import io.switchboard.salesforce.OrgMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan of an event whose rule only adds to its interaction's existing activity ({@code activity.mode:
 * update-existing}): a call's recording, reported by the vendor apart from the call and naming neither the caller
 * nor the direction. The activity of the event's {@code subject} (the same key the call's own events wrote) gains
 * each line of the rendered description its Description does not hold yet (so a replay changes nothing), and the
 * rule's fields for the activity object, set as the event gives them. Nobody is matched, nothing is created.
 * <p>
 * An activity that is not there yet (the recording overtook the call: their webhooks are keyed apart on Kafka, so
 * they may be handled in either order) is never created by this event, which knows no person to relate it to.
 * Where another event of the same batch creates it, the lines join that create ({@link #joinedInBatch}); else the
 * event is dead-lettered with {@link #NOT_LOGGED_YET}, a reason that says to replay it once the call is in.
 */
final class ExistingActivityUpdates {

    /** The dead letter's code when the interaction's activity is not in Salesforce (yet). */
    static final String NOT_LOGGED_YET = "ACTIVITY_NOT_LOGGED_YET";

    private final FieldValues values;
    private final FieldAccess access;
    private final DeliveryLookups lookups;
    private final DeliveryProperties properties;
    private final OrgMetadata metadata;

    ExistingActivityUpdates(FieldValues values, FieldAccess access, DeliveryLookups lookups,
                            DeliveryProperties properties, OrgMetadata metadata) {
        this.values = values;
        this.access = access;
        this.lookups = lookups;
        this.properties = properties;
        this.metadata = metadata;
    }

    DeliveryPlan plan(Interaction interaction, DeliveryLookups.Found found) {
        TypeRule rule = interaction.rule();
        InteractionEvent event = interaction.event();
        String object = rule.activity().object();
        if (event.subject() == null) {
            return DeliveryPlan.failed(interaction, new Failure(NOT_LOGGED_YET, "The rule for '" + rule.type()
                    + "' only adds to the activity of the event's interaction (activity.mode update-existing), and "
                    + "this event has no subject naming one. Fix the producer or its mapping to set subject to the "
                    + "interaction's id, then replay the event.", "delivery"));
        }
        String key = ActivityKeys.of(event);
        DeliveryLookups.Existing existing = found.activities().get(object + "/" + key);
        if (existing == null) {
            return DeliveryPlan.failed(interaction, new Failure(NOT_LOGGED_YET, "No " + object + " of the interaction '"
                    + event.subject() + "' (source '" + event.source() + "') is in Salesforce yet: the rule for '"
                    + rule.type() + "' only adds to the activity an earlier event of the interaction logged, and "
                    + "creates none, since this event names nobody. Nothing was written. Replay this event once the "
                    + "interaction's own event is delivered (the console's dead letters, code " + NOT_LOGGED_YET
                    + ", replay the group); should that event never come, discard it.", "delivery"));
        }
        List<String> notes = new ArrayList<>();
        Map<String, Object> changes = changes(interaction, existing.description(), notes);
        if (changes.isEmpty()) {
            notes.add("The " + object + " " + existing.id() + " holds what this event adds already; left as it is");
            return new DeliveryPlan(interaction, List.of(), null, null, notes,
                    new WrittenRecord(object, existing.id(), "unchanged"));
        }
        if (!heldIsLater(existing, event)) {
            // a replay of an older event of the call finds this one later, and leaves what it added in place
            if (lookups.hasEventTimeField(object)) {
                changes.put(properties.eventTimeField(), DeliveryLookups.format(event.time()));
            }
            if (lookups.hasSequenceField(object)) {
                changes.put(properties.eventSequenceField(), ActivityOrder.sequence(event.time()));
            }
        }
        PlannedWrite write = PlannedWrite.update(WriteRole.ACTIVITY, object, existing.id(),
                access.updatableOnly(object, changes), Map.of()).keyed(key, WriteVersion.of(event.time()));
        notes.add("Added to the " + object + " " + existing.id() + " of the interaction '" + event.subject()
                + "' (activity.mode update-existing: nobody matched, nothing created)");
        return new DeliveryPlan(interaction, List.of(write), null, null, notes, null);
    }

    /**
     * The batch's plans, each update-existing event whose activity another event of the same batch creates (a
     * recording handled together with its call: their webhooks are keyed apart, so they may meet in one batch)
     * joined to that create instead of dead-lettered: its lines go into the new activity's Description, written
     * once, and it follows that write (a create of the same key, of an earlier version, so the other event's is
     * the one made): it gets the activity's id, or shares its failure.
     */
    List<DeliveryPlan> joinedInBatch(List<DeliveryPlan> plans) {
        List<DeliveryPlan> out = new ArrayList<>(plans);
        for (int i = 0; i < out.size(); i++) {
            DeliveryPlan waiting = out.get(i);
            Interaction interaction = waiting.interaction();
            if (waiting.failure() == null || !NOT_LOGGED_YET.equals(waiting.failure().code())
                    || interaction.event().subject() == null) {
                continue;
            }
            String object = interaction.rule().activity().object();
            String key = ActivityKeys.of(interaction.event());
            for (int j = 0; j < out.size(); j++) {
                DeliveryPlan creating = out.get(j);
                int at = j == i ? -1 : createOf(creating, object, key);
                if (at < 0) {
                    continue;
                }
                PlannedWrite create = creating.writes().get(at);
                List<String> notes = new ArrayList<>();
                Object description = create.fields().get("Description");
                Map<String, Object> changes = changes(interaction, description == null ? null : String.valueOf(description), notes);
                List<PlannedWrite> writes = new ArrayList<>(creating.writes());
                writes.set(at, create.withLaterValues(changes));
                out.set(j, new DeliveryPlan(creating.interaction(), writes, creating.skipReason(), creating.failure(),
                        creating.notes(), creating.kept()));
                WriteVersion earlier = create.version() == null ? null
                        : new WriteVersion(create.version().major(), create.version().minor() - 1, create.version().label());
                notes.add("Added to the " + object + " that event " + creating.interaction().event().id() + " of the same "
                        + "batch creates for the interaction '" + interaction.event().subject() + "' (activity.mode "
                        + "update-existing: nobody matched, nothing created)");
                out.set(i, new DeliveryPlan(interaction, List.of(PlannedWrite.create(WriteRole.ACTIVITY, object, Map.of(),
                        Map.of()).keyed(key, earlier)), null, null, notes, null));
                break;
            }
        }
        return out;
    }

    /** Where in the plan the primary person's activity of this key is created; -1: it creates none. */
    private static int createOf(DeliveryPlan plan, String object, String key) {
        for (int w = 0; w < plan.writes().size(); w++) {
            PlannedWrite write = plan.writes().get(w);
            if (write.ref() == WriteRole.ACTIVITY && write.kind() == PlannedWrite.Kind.CREATE && write.party() == 0
                    && object.equals(write.sObject()) && write.keys().contains(key)) {
                return w;
            }
        }
        return -1;
    }

    /** The rule's fields for the activity, and the lines of its description the activity's does not hold yet. */
    private Map<String, Object> changes(Interaction interaction, String currentDescription, List<String> notes) {
        TypeRule rule = interaction.rule();
        InteractionEvent event = interaction.event();
        String object = rule.activity().object();
        Map<String, Object> changes = new LinkedHashMap<>(values.forNew(object, rule.fieldsFor(object), event));
        if (rule.activity().standard()) {
            String current = currentDescription == null ? "" : currentDescription;
            List<String> held = List.of(current.split("\n", -1));
            List<String> added = rule.activity().description().render(event).lines()
                    .filter(line -> !line.isBlank() && !held.contains(line)).toList();
            if (!added.isEmpty()) {
                String addition = String.join("\n", added);
                String joined = current.isEmpty() ? addition : current + "\n" + addition;
                int max = metadata.length(object, "Description");
                if (joined.length() > max) {
                    notes.add("The " + object + "'s Description would be longer than " + max
                            + " characters with this event's text: cut at the end");
                }
                changes.put("Description", Text.truncate(joined, max));
            }
        }
        return changes;
    }

    private static boolean heldIsLater(DeliveryLookups.Existing held, InteractionEvent event) {
        return ActivityOrder.held(held.version(), held.sequence()).map(h -> h.isLaterThan(ActivityOrder.of(event.time())))
                .orElse(false);
    }
}
