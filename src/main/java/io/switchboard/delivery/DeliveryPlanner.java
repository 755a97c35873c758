package io.switchboard.delivery;

import io.switchboard.event.InteractionEvent;
import io.switchboard.flow.Interaction;
import io.switchboard.matching.Match;
import io.switchboard.matching.QueryText;
import io.switchboard.rules.FieldMapping;
import io.switchboard.rules.TypeRule;
import io.switchboard.salesforce.OrgMetadata;
import io.switchboard.salesforce.SalesforceGateway;
import io.switchboard.salesforce.SalesforceRejection;
import io.switchboard.salesforce.SalesforceUnavailable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Decides the exact writes for a batch of matched events, reading what it needs from Salesforce a batch at a time
 * (current values of mapped fields, agents' users, open Cases and Opportunities). Writes nothing itself: the
 * dry run shows its plans, the {@link Deliverer} executes them.
 */
@Component
public class DeliveryPlanner {

    private final SalesforceGateway salesforce;
    private final PersonFields people;
    private final ActivityFields activities;
    private final FieldValues values;
    private final Owners owners;
    private final DeliveryProperties properties;
    private final OrgMetadata metadata;

    public DeliveryPlanner(SalesforceGateway salesforce, PersonFields people, ActivityFields activities,
                           FieldValues values, Owners owners, DeliveryProperties properties, OrgMetadata metadata) {
        this.metadata = metadata;
        this.salesforce = salesforce;
        this.people = people;
        this.activities = activities;
        this.values = values;
        this.owners = owners;
        this.properties = properties;
    }

    public List<DeliveryPlan> plan(List<Interaction> batch) {
        Map<String, Map<String, Object>> current = currentValues(batch);
        Map<String, String> agents = owners.resolve(batch.stream()
                .map(i -> i.event().text("agent.email")).flatMap(java.util.Optional::stream).toList());
        Map<String, String> cases = openRecords(batch, "case");
        Map<String, String> opportunities = openRecords(batch, "opportunity");
        Map<String, String> existing = existingActivities(batch);
        return batch.stream().map(i -> {
            try {
                return plan(i, current, agents, cases, opportunities, existing);
            } catch (SalesforceUnavailable | SalesforceRejection e) {
                throw e;
            } catch (RuntimeException defect) {
                return DeliveryPlan.failed(i, defect);
            }
        }).toList();
    }

    private DeliveryPlan plan(Interaction interaction, Map<String, Map<String, Object>> current,
                              Map<String, String> agents, Map<String, String> cases, Map<String, String> opportunities,
                              Map<String, String> existingActivities) {
        TypeRule rule = interaction.rule();
        InteractionEvent event = interaction.event();
        Match match = interaction.match() == null ? Match.none() : interaction.match();
        List<PlannedWrite> writes = new ArrayList<>();
        String personObject = match.found() ? match.sObject() : rule.whenNoMatch().create();

        if (match.found()) {
            Map<String, Object> changes = values.forExisting(match.sObject(), rule.fieldsFor(match.sObject()), event,
                    current.getOrDefault(match.id(), Map.of()));
            if (!changes.isEmpty()) {
                writes.add(PlannedWrite.update(DeliveryPlan.PERSON, match.sObject(), match.id(), changes, Map.of()));
            }
        } else if (!rule.whenNoMatch().createsNothing()) {
            Map<String, Object> fields = people.forNew(personObject, event, rule.whenNoMatch());
            fields.putAll(values.forNew(personObject, rule.fieldsFor(personObject), event));
            writes.add(PlannedWrite.create(DeliveryPlan.PERSON, personObject, fields, Map.of()));
        } else if (rule.activity().logsNothing()) {
            return new DeliveryPlan(interaction, List.of(), "Nobody matched and the rule for '" + rule.type()
                    + "' creates nothing");
        }
        if (rule.activity().logsNothing()) {
            return new DeliveryPlan(interaction, writes, writes.isEmpty()
                    ? "The rule for '" + rule.type() + "' logs no activity and nothing changed" : null);
        }

        Map<String, String> refs = new LinkedHashMap<>();
        Map<String, Object> activity = activities.of(event, rule.activity());
        String activityObject = rule.activity().object();
        activity.putAll(values.forNew(activityObject, rule.fieldsFor(activityObject), event));
        if (match.found()) {
            activity.put("WhoId", match.id());
        } else if (!rule.whenNoMatch().createsNothing()) {
            refs.put("WhoId", DeliveryPlan.PERSON);
        }
        String what = switch (rule.links().to()) {
            case "case" -> match.found() ? cases.get(match.id()) : null;
            case "opportunity" -> match.found() ? opportunities.get(match.id()) : null;
            default -> null;
        };
        if (what != null) {
            activity.put("WhatId", what);
        } else if ("case".equals(rule.links().to()) && rule.links().createCase() && "Contact".equals(personObject)) {
            Map<String, Object> newCase = new LinkedHashMap<>();
            newCase.put("Subject", Text.truncate(rule.links().caseSubject() == null ? String.valueOf(activity.get("Subject"))
                    : io.switchboard.rules.Template.parse(rule.links().caseSubject()).render(event), 255));
            newCase.put("Status", "New");
            newCase.put("Origin", event.type().startsWith("web.") ? "Web" : "Phone");
            Map<String, String> caseRefs = new LinkedHashMap<>();
            if (match.found()) {
                newCase.put("ContactId", match.id());
                if (match.accountId() != null) {
                    newCase.put("AccountId", match.accountId());
                }
            } else {
                caseRefs.put("ContactId", DeliveryPlan.PERSON);
            }
            writes.add(PlannedWrite.create(DeliveryPlan.CASE, "Case", newCase, caseRefs));
            refs.put("WhatId", DeliveryPlan.CASE);
        }
        event.text("agent.email").map(e -> agents.get(e.toLowerCase(Locale.ROOT)))
                .or(() -> properties.defaultOwnerId().isBlank() ? java.util.Optional.empty()
                        : java.util.Optional.of(properties.defaultOwnerId()))
                .ifPresent(owner -> activity.put("OwnerId", owner));

        String key = ActivityKeys.of(event);
        String existingId = existingActivities.get(activityObject + "/" + key);
        if (existingId != null) {
            // Salesforce refuses create-only fields (e.g. TaskSubtype) on update: the replay leaves them as they are.
            activity.keySet().removeIf(field -> !metadata.field(activityObject, field)
                    .map(OrgMetadata.FieldDescription::updateable).orElse(true));
            writes.add(PlannedWrite.update(DeliveryPlan.ACTIVITY, activityObject, existingId, activity, refs));
        } else {
            activity.put(keyField(), key);
            writes.add(PlannedWrite.create(DeliveryPlan.ACTIVITY, activityObject, activity, refs));
        }
        return new DeliveryPlan(interaction, writes, null);
    }

    /** The field holding an activity's key: the configured external-ID field, or else CallObject. */
    private String keyField() {
        return properties.hasEventIdField() ? properties.eventIdField() : "CallObject";
    }

    /** Activities already written for the batch's keys (replays), one query per activity object. */
    private Map<String, String> existingActivities(List<Interaction> batch) {
        Map<String, Set<String>> keysByObject = new LinkedHashMap<>();
        for (Interaction i : batch) {
            if (!i.rule().activity().logsNothing()) {
                keysByObject.computeIfAbsent(i.rule().activity().object(), k -> new LinkedHashSet<>())
                        .add(ActivityKeys.of(i.event()));
            }
        }
        Map<String, String> out = new HashMap<>();
        String field = keyField();
        keysByObject.forEach((object, keys) -> salesforce.query("SELECT Id, " + field + " FROM " + object
                        + " WHERE " + field + " IN " + QueryText.soqlList(keys))
                .forEach(r -> out.put(object + "/" + r.path(field).asText(), r.path("Id").asText())));
        return out;
    }

    /** Current values of the mapped fields of matched records, one query per object for the whole batch. */
    private Map<String, Map<String, Object>> currentValues(List<Interaction> batch) {
        Map<String, Set<String>> idsByObject = new HashMap<>();
        Map<String, Set<String>> fieldsByObject = new HashMap<>();
        for (Interaction i : batch) {
            Match m = i.match();
            if (m == null || !m.found()) {
                continue;
            }
            List<FieldMapping> mappings = i.rule().fieldsFor(m.sObject()).stream()
                    .filter(f -> f.mode() != FieldMapping.Mode.SKIP).toList();
            if (!mappings.isEmpty()) {
                idsByObject.computeIfAbsent(m.sObject(), k -> new LinkedHashSet<>()).add(m.id());
                mappings.forEach(f -> fieldsByObject.computeIfAbsent(m.sObject(), k -> new LinkedHashSet<>()).add(f.field()));
            }
        }
        Map<String, Map<String, Object>> out = new HashMap<>();
        idsByObject.forEach((object, ids) -> {
            Set<String> fields = new LinkedHashSet<>(List.of("Id"));
            fields.addAll(fieldsByObject.get(object));
            salesforce.query("SELECT " + String.join(", ", fields) + " FROM " + object + " WHERE Id IN "
                    + QueryText.soqlList(ids)).forEach(r -> {
                Map<String, Object> valuesOfRecord = new HashMap<>();
                r.fields().forEachRemaining(e -> {
                    if (!e.getValue().isNull() && !e.getValue().isContainerNode()) {
                        valuesOfRecord.put(e.getKey(), e.getValue().asText());
                    }
                });
                out.put(r.path("Id").asText(), valuesOfRecord);
            });
        });
        return out;
    }

    /** The most recently modified open Case or Opportunity of each matched Contact whose rule links to one. */
    private Map<String, String> openRecords(List<Interaction> batch, String kind) {
        Set<String> contacts = batch.stream()
                .filter(i -> kind.equals(i.rule().links().to()) && i.match() != null && i.match().found()
                        && "Contact".equals(i.match().sObject()))
                .map(i -> i.match().id()).collect(Collectors.toCollection(LinkedHashSet::new));
        Map<String, String> out = new HashMap<>();
        if (contacts.isEmpty()) {
            return out;
        }
        if ("case".equals(kind)) {
            salesforce.query("SELECT Id, ContactId FROM Case WHERE ContactId IN " + QueryText.soqlList(contacts)
                            + " AND IsClosed = false ORDER BY LastModifiedDate DESC")
                    .forEach(c -> out.putIfAbsent(c.path("ContactId").asText(), c.path("Id").asText()));
            return out;
        }
        Map<String, List<String>> contactsByOpportunity = new LinkedHashMap<>();
        salesforce.query("SELECT OpportunityId, ContactId FROM OpportunityContactRole WHERE ContactId IN "
                        + QueryText.soqlList(contacts))
                .forEach(r -> contactsByOpportunity.computeIfAbsent(r.path("OpportunityId").asText(), k -> new ArrayList<>())
                        .add(r.path("ContactId").asText()));
        if (!contactsByOpportunity.isEmpty()) {
            salesforce.query("SELECT Id FROM Opportunity WHERE Id IN " + QueryText.soqlList(contactsByOpportunity.keySet())
                            + " AND IsClosed = false ORDER BY LastModifiedDate DESC")
                    .forEach(o -> contactsByOpportunity.get(o.path("Id").asText())
                            .forEach(c -> out.putIfAbsent(c, o.path("Id").asText())));
        }
        return out;
    }
}
