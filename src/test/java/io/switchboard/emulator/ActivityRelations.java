package io.switchboard.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Shared Activities, after the object reference of TaskRelation and EventRelation: where the org enables it, a Task
 * or Event is related to one Lead or up to 50 Contacts, and to one other record (IsWhat), each through a relation
 * record; the activity's own WhoId and WhatId are relations the org keeps itself. Without it TaskRelation does not
 * exist (see {@link OrgFeatures}) and an EventRelation is an invitee only.
 * <p>
 * Not documented, so the stricter reading is taken (what passes here passes there): the error codes and wording of
 * a broken rule (FIELD_INTEGRITY_EXCEPTION), a relation given twice (DUPLICATE_VALUE naming no record, as for
 * Salesforce's compound unique keys), an IsWhat that contradicts the related record, a Lead beside Contacts (the
 * reference says "one lead or up to 50 contacts": never both), and an EventRelation that is no invitee where
 * Shared Activities is off. Deleting an activity does not cascade to its relations here.
 */
final class ActivityRelations {

    static final int MAX_CONTACTS = 50;

    private final Org org;
    private final OrgFeatures features;

    ActivityRelations(Org org, OrgFeatures features) {
        this.org = org;
        this.features = features;
    }

    /** The relation's own rules, before it is stored: derives IsWhat and AccountId, refuses what the org would. */
    void checkNew(ObjectDef def, Map<String, Object> fields) {
        String parentField = parentField(def);
        if (parentField == null) {
            return;
        }
        String parent = (String) fields.get(parentField);
        String relation = (String) fields.get("RelationId");
        if (parent == null || relation == null) {
            return; // REQUIRED_FIELD_MISSING follows
        }
        ObjectDef related = org.schema().objectForPrefix(SalesforceIds.prefix(relation));
        boolean person = isPerson(related);
        if ("EventRelation".equals(def.name()) && !features.sharedActivities()) {
            if (!Boolean.TRUE.equals(fields.get("IsInvitee")) || !(person || "User".equals(related.name()))) {
                throw integrity("Without Shared Activities an event relation is an invitee (a user, contact or lead)");
            }
            return;
        }
        boolean what = !person && !"User".equals(related.name());
        // IsWhat defaults to false, so only a true written for a person contradicts the record; a false for another
        // record is the default, derived here as the org derives it
        if (Boolean.TRUE.equals(fields.get("IsWhat")) && !what) {
            throw integrity("IsWhat must be false for a relation to a " + related.name());
        }
        if (def.hasField("IsWhat")) {
            fields.put("IsWhat", what);
        }
        if (def.hasField("AccountId")) {
            fields.put("AccountId", accountOf(related, relation));
        }
        List<StoredRecord> existing = relationsOf(def, parentField, parent);
        for (StoredRecord r : existing) {
            if (relation.equals(r.get("RelationId"))) {
                throw ApiException.badRequest("DUPLICATE_VALUE",
                        "duplicate value found: <unknown> duplicates value on record with id: <unknown>");
            }
        }
        if (what) {
            if (existing.stream().anyMatch(r -> Boolean.TRUE.equals(r.get("IsWhat")))) {
                throw integrity("An activity can be related to only one record that is not a contact or lead");
            }
            return;
        }
        if ("EventRelation".equals(def.name()) && !Boolean.TRUE.equals(fields.get("IsParent"))) {
            return; // an invitee only: the limits are on the related people
        }
        long leads = existing.stream().filter(this::isLeadRelation).count() + ("Lead".equals(related.name()) ? 1 : 0);
        long contacts = existing.stream().filter(r -> isPersonRelation(r) && !isLeadRelation(r)).count()
                + ("Contact".equals(related.name()) ? 1 : 0);
        if (leads > 1 || (leads == 1 && contacts > 0) || contacts > MAX_CONTACTS) {
            throw integrity("An activity can be related to one lead or up to " + MAX_CONTACTS + " contacts");
        }
    }

    /**
     * After a Task or Event is written where Shared Activities is on: its WhoId and WhatId are relations too, as
     * the org keeps them (a changed WhoId or WhatId replaces its relation).
     */
    void activityWritten(ObjectDef def, String id, Map<String, Object> before, Map<String, Object> after, String userId) {
        if (!features.sharedActivities() || !(def.name().equals("Task") || def.name().equals("Event"))) {
            return;
        }
        ObjectDef relationDef = org.schema().object(def.name() + "Relation");
        String parentField = parentField(relationDef);
        for (String field : List.of("WhoId", "WhatId")) {
            Object was = before == null ? null : before.get(field);
            Object now = after.get(field);
            if (Objects.equals(was, now)) {
                continue;
            }
            if (was != null) {
                relationsOf(relationDef, parentField, id).stream().filter(r -> was.equals(r.get("RelationId")))
                        .forEach(r -> org.delete(relationDef, r.id()));
            }
            if (now != null && relationsOf(relationDef, parentField, id).stream()
                    .noneMatch(r -> now.equals(r.get("RelationId")))) {
                Map<String, Object> relation = new LinkedHashMap<>();
                relation.put(parentField, id);
                relation.put("RelationId", now);
                if (relationDef.name().equals("EventRelation") && field.equals("WhoId")) {
                    relation.put("IsParent", true);
                    relation.put("IsInvitee", false);
                }
                org.create(relationDef, relation, userId, false);
            }
        }
    }

    private List<StoredRecord> relationsOf(ObjectDef def, String parentField, String parent) {
        // from the equality index (a superset, tested exactly): a scan of every relation made each activity's write
        // cost as much as all the activities before it
        return org.textCandidates(def, parentField, parent).stream()
                .filter(r -> !r.deleted() && parent.equals(r.get(parentField))).toList();
    }

    private boolean isPersonRelation(StoredRecord r) {
        if (r.objectName().equals("EventRelation") && !Boolean.TRUE.equals(r.get("IsParent"))) {
            return false;
        }
        return isPerson(org.schema().objectForPrefix(SalesforceIds.prefix((String) r.get("RelationId"))));
    }

    private boolean isLeadRelation(StoredRecord r) {
        return isPersonRelation(r) && SalesforceIds.prefix((String) r.get("RelationId")).equals("00Q");
    }

    private String accountOf(ObjectDef related, String id) {
        if (related.name().equals("Account")) {
            return id;
        }
        if (related.name().equals("Contact")) {
            StoredRecord contact = org.find(related, id);
            return contact == null ? null : (String) contact.get("AccountId");
        }
        return null;
    }

    private static boolean isPerson(ObjectDef related) {
        return related != null && (related.name().equals("Contact") || related.name().equals("Lead"));
    }

    private static String parentField(ObjectDef def) {
        if (def == null) {
            return null;
        }
        return switch (def.name()) {
            case "TaskRelation" -> "TaskId";
            case "EventRelation" -> "EventId";
            default -> null;
        };
    }

    private static ApiException integrity(String message) {
        return ApiException.badRequest("FIELD_INTEGRITY_EXCEPTION", message, "RelationId");
    }
}
