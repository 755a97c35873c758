package io.switchboard.delivery;

import io.switchboard.model.InteractionEvent;
import io.switchboard.model.Interaction;
import io.switchboard.model.Match;
import io.switchboard.model.rule.Template;
import io.switchboard.model.rule.TypeRule;
import io.switchboard.salesforce.OrgMetadata;
import io.switchboard.salesforce.SalesforceIds;
import io.switchboard.salesforce.SalesforceRejection;
import io.switchboard.salesforce.SalesforceUnavailable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Decides the exact writes for a batch of matched events — person, case, activity, transcript note, campaign
 * membership — reading what it needs a batch at a time ({@link DeliveryLookups}, {@link Owners}). Writes nothing
 * itself: the dry run shows its plans, the {@link Deliverer} executes them.
 */
@Component
public class DeliveryPlanner {

    private final DeliveryLookups lookups;
    private final PersonFields people;
    private final ActivityFields activities;
    private final FieldValues values;
    private final FieldAccess access;
    private final Owners owners;
    private final DeliveryProperties properties;
    private final OrgMetadata metadata;

    public DeliveryPlanner(DeliveryLookups lookups, PersonFields people, ActivityFields activities, FieldValues values,
                           FieldAccess access, Owners owners, DeliveryProperties properties, OrgMetadata metadata) {
        this.lookups = lookups;
        this.people = people;
        this.activities = activities;
        this.values = values;
        this.access = access;
        this.owners = owners;
        this.properties = properties;
        this.metadata = metadata;
    }

    public List<DeliveryPlan> plan(List<Interaction> batch) {
        return plan(batch, false);
    }

    /**
     * Plans as {@link #plan(List)}, and for a dry run also reads the activities a delivery would find only by
     * colliding with them (see {@link DeliveryLookups}), so that the plan shows the update a replay would make.
     */
    public List<DeliveryPlan> planExactly(List<Interaction> batch) {
        return plan(batch, true);
    }

    private List<DeliveryPlan> plan(List<Interaction> batch, boolean everyActivity) {
        DeliveryLookups.Found found = lookups.read(batch, everyActivity);
        Map<String, String> agents = owners.resolve(batch.stream()
                .map(i -> i.event().text("agent.email")).flatMap(Optional::stream).toList());
        BatchChanges changes = new BatchChanges(found.current());
        return batch.stream().map(i -> {
            try {
                return plan(Planning.of(i, found, changes), agents);
            } catch (SalesforceUnavailable | SalesforceRejection e) {
                throw e;
            } catch (RuntimeException defect) {
                return DeliveryPlan.failed(i, io.switchboard.model.Failures.defect("delivery: plan", defect));
            }
        }).toList();
    }

    /** One event's planning: what it is about, whom it concerns, and the writes and notes gathered so far. */
    private record Planning(Interaction interaction, Match match, DeliveryLookups.Found found, BatchChanges changes,
                            List<PlannedWrite> writes, List<String> notes) {

        static Planning of(Interaction interaction, DeliveryLookups.Found found, BatchChanges changes) {
            return new Planning(interaction, interaction.match() == null ? Match.none() : interaction.match(), found,
                    changes, new ArrayList<>(), new ArrayList<>());
        }

        TypeRule rule() {
            return interaction.rule();
        }

        InteractionEvent event() {
            return interaction.event();
        }

        boolean creating() {
            return !match.found() && !rule().whenNoMatch().createsNothing();
        }

        /** The person's object: the match's, or the one the rule creates (a Person Account is an Account). */
        String personObject() {
            return match.found() ? match.sObject() : rule().whenNoMatch().create().sObject();
        }

        boolean accountCreated() {
            return creating() && "Account".equals(personObject());
        }

        /** Whom the activity, note and campaign membership belong to, when they exist already. */
        String whoId() {
            return match.found() ? match.whoId() : null;
        }

        /** Or the person this plan creates: not an Account, which is never a WhoId. */
        WriteRole whoRef() {
            return creating() && !accountCreated() ? WriteRole.PERSON : null;
        }

        DeliveryPlan done(String skipReason, io.switchboard.model.WrittenRecord unchanged) {
            return new DeliveryPlan(interaction, writes, skipReason, null, notes, unchanged);
        }
    }

    private DeliveryPlan plan(Planning p, Map<String, String> agents) {
        if (p.match().found()) {
            updateKnownPerson(p);
        } else if (p.creating()) {
            createPerson(p);
        }
        if (p.rule().campaign() != null) {
            campaign(p.rule().campaign(), p.event(), p.personObject(), p.whoId(), p.whoRef(), p.match().identity(),
                    p.found(), p.writes(), p.notes());
        }
        if (p.rule().activity().logsNothing()) {
            return p.done(p.writes().isEmpty() ? "The rule for '" + p.rule().type() + "' logs no activity and nothing changed"
                    : null, null);
        }
        return planActivity(p, agents);
    }

    /** The rule's fields for a known person, planned against the earlier events' changes of this batch. */
    private void updateKnownPerson(Planning p) {
        Match match = p.match();
        TypeRule.WhenNoMatch whenNoMatch = p.rule().whenNoMatch();
        // Values this service wrote for want of real ones, by field: they count as empty for 'fill'.
        Map<String, String> placeholders = new java.util.HashMap<>(whenNoMatch.placeholders());
        placeholders.put("LastName", whenNoMatch.namePlaceholder());
        placeholders.put("Company", whenNoMatch.namePlaceholder());
        Map<String, Object> changes = values.forExisting(match.sObject(), p.rule().fieldsFor(match.sObject()), p.event(),
                p.changes().valuesOf(match.id()), placeholders);
        if (!changes.isEmpty()) {
            // keyed by the record: several events of one person in a batch make one update (a collection may name
            // a record only once)
            p.writes().add(PlannedWrite.update(WriteRole.PERSON, match.sObject(), match.id(), changes, Map.of())
                    .keyed(match.id(), null));
            p.changes().plan(match.id(), changes);
        }
    }

    /** A new person (and, for a Contact, their company's Account) as the rule says. */
    private void createPerson(Planning p) {
        TypeRule.WhenNoMatch whenNoMatch = p.rule().whenNoMatch();
        Map<String, Object> fields = people.forNew(whenNoMatch.create(), p.event(), whenNoMatch);
        fields.putAll(whenNoMatch.placeholders());
        fields.putAll(values.forNew(p.personObject(), p.rule().fieldsFor(p.personObject()), p.event()));
        if (lookups.hasPersonKeyField(p.personObject()) && whenNoMatch.create().isPerson()) {
            people.personKey(p.event()).ifPresent(k -> fields.put(properties.personKeyField(), k));
        }
        Map<String, WriteRole> personRefs = new LinkedHashMap<>();
        if ("Contact".equals(p.personObject())) {
            accountOfNewContact(p.rule(), p.event(), p.found(), fields, personRefs, p.writes());
        }
        p.writes().add(PlannedWrite.create(WriteRole.PERSON, p.personObject(), fields, personRefs)
                .keyed(people.identityKeys(p.event(), p.match().identity()), null));
    }

    /** The activity: created, or updated unless Salesforce holds a later update of the interaction. */
    private DeliveryPlan planActivity(Planning p, Map<String, String> agents) {
        String activityObject = p.rule().activity().object();
        String key = ActivityKeys.of(p.event());
        DeliveryLookups.Existing existing = p.found().activities().get(activityObject + "/" + key);
        if (existing != null && heldIsLater(existing, p.event())) {
            p.notes().add("The " + activityObject + " " + existing.id() + " already holds a later update of this "
                    + "interaction (" + existing.version() + "); this older one leaves it as it is");
            return p.done(null, new io.switchboard.model.WrittenRecord(activityObject, existing.id(), "unchanged"));
        }
        Map<String, WriteRole> refs = new LinkedHashMap<>();
        Map<String, Object> activity = activityFields(p, activityObject, key, agents, refs);
        WriteVersion version = WriteVersion.of(p.event().time());
        if (existing != null) {
            p.writes().add(PlannedWrite.update(WriteRole.ACTIVITY, activityObject, existing.id(),
                    access.updatableOnly(activityObject, activity), refs).keyed(key, version));
        } else {
            activity.put(lookups.keyField(), key);
            p.writes().add(PlannedWrite.create(WriteRole.ACTIVITY, activityObject, activity, refs).keyed(key, version));
        }
        transcriptNote(p.rule(), p.event(), key, activityObject, p.whoId(), p.whoRef(), p.found(), p.writes(), p.notes());
        return p.done(null, null);
    }

    private Map<String, Object> activityFields(Planning p, String activityObject, String key, Map<String, String> agents,
                                               Map<String, WriteRole> refs) {
        Map<String, Object> activity = activities.of(p.event(), p.rule().activity(), key);
        activity.putAll(values.forNew(activityObject, p.rule().fieldsFor(activityObject), p.event()));
        if (p.whoId() != null) {
            activity.put("WhoId", p.whoId());
        } else if (p.whoRef() != null) {
            refs.put("WhoId", p.whoRef());
        }
        relateTo(p, activity, refs);
        p.event().text("agent.email").flatMap(e -> Owners.of(agents, e))
                .or(() -> properties.defaultOwnerId().isBlank() ? Optional.empty() : Optional.of(properties.defaultOwnerId()))
                .ifPresent(owner -> activity.put("OwnerId", owner));
        if (properties.hasEventTimeField()) {
            activity.put(properties.eventTimeField(), DeliveryLookups.format(p.event().time()));
        }
        if (lookups.hasSequenceField(activityObject)) {
            activity.put(properties.eventSequenceField(), ActivityOrder.sequence(p.event().time()));
        }
        return activity;
    }

    /** What the activity is related to (WhatId): the linked Case or Opportunity, a new Case, or an Account. */
    private void relateTo(Planning p, Map<String, Object> activity, Map<String, WriteRole> refs) {
        Match match = p.match();
        String what = switch (p.rule().links().to()) {
            case CASE -> match.found() ? p.found().cases().get(match.id()) : null;
            case OPPORTUNITY -> match.found() ? p.found().opportunities().get(match.id()) : null;
            case NONE -> null;
        };
        if (what != null) {
            activity.put("WhatId", what);
        } else if (p.rule().links().to() == io.switchboard.model.rule.LinkTarget.CASE && p.rule().links().createCase()
                && "Contact".equals(p.personObject())) {
            p.writes().add(newCase(p.rule(), p.event(), match, activity));
            refs.put("WhatId", WriteRole.CASE);
        } else if (match.found() && match.whoId() == null && match.accountId() != null) {
            // A business Account cannot be a WhoId: its activities are related to it.
            activity.put("WhatId", match.accountId());
        } else if (p.accountCreated()) {
            refs.put("WhatId", WriteRole.PERSON);
        }
    }

    /** A new Contact joins the Account of its company: the one that exists, or (if the rule says so) a new one. */
    private static void accountOfNewContact(TypeRule rule, InteractionEvent event, DeliveryLookups.Found found,
                                            Map<String, Object> fields, Map<String, WriteRole> refs,
                                            List<PlannedWrite> writes) {
        Optional<String> company = event.text("person.company");
        if (company.isEmpty() || rule.whenNoMatch().account() == io.switchboard.model.rule.CompanyAccount.NONE) {
            return;
        }
        String existing = found.accountsByName().get(DeliveryLookups.companyKey(company.get()));
        if (existing != null) {
            fields.put("AccountId", existing);
        } else if (rule.whenNoMatch().account() == io.switchboard.model.rule.CompanyAccount.CREATE) {
            writes.add(PlannedWrite.create(WriteRole.ACCOUNT, "Account", Map.of("Name", Text.truncate(company.get(), 255)),
                    Map.of()).keyed(DeliveryLookups.companyKey(company.get()), null));
            refs.put("AccountId", WriteRole.ACCOUNT);
        }
    }

    private static boolean heldIsLater(DeliveryLookups.Existing held, InteractionEvent event) {
        return ActivityOrder.held(held.version(), held.sequence()).map(h -> h.isLaterThan(ActivityOrder.of(event.time())))
                .orElse(false);
    }

    private static PlannedWrite newCase(TypeRule rule, InteractionEvent event, Match match, Map<String, Object> activity) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Subject", Text.truncate(rule.links().caseSubject() == null ? String.valueOf(activity.get("Subject"))
                : rule.links().caseSubject().render(event), 255));
        fields.put("Status", "New");
        fields.put("Origin", event.type().startsWith("web.") ? "Web" : "Phone");
        Map<String, WriteRole> refs = new LinkedHashMap<>();
        if (match.found()) {
            fields.put("ContactId", match.id());
            if (match.accountId() != null) {
                fields.put("AccountId", match.accountId());
            }
        } else {
            refs.put("ContactId", WriteRole.PERSON);
        }
        return PlannedWrite.create(WriteRole.CASE, "Case", fields, refs);
    }

    /**
     * A transcript longer than the activity's Description is never an error: the activity gets the truncated text
     * with a marker, and the full text goes into a note (one per conversation, updated as it grows) on the person.
     */
    private void transcriptNote(TypeRule rule, InteractionEvent event, String key, String activityObject,
                                String whoId, WriteRole whoRef, DeliveryLookups.Found found,
                                List<PlannedWrite> writes, List<String> notes) {
        String full = rule.activity().description().render(event);
        if (full.length() <= metadata.length(activityObject, "Description")) {
            return;
        }
        String title = DeliveryLookups.noteTitle(key);
        String content = Base64.getEncoder().encodeToString(html(full).getBytes(StandardCharsets.UTF_8));
        String existingNote = found.notes().get(title);
        if (existingNote != null) {
            writes.add(PlannedWrite.update(WriteRole.NOTE, "ContentNote", existingNote, Map.of("Content", content),
                    Map.of()).keyed(title, null));
        } else {
            writes.add(PlannedWrite.create(WriteRole.NOTE, "ContentNote", Map.of("Title", title, "Content", content),
                    Map.of()).keyed(title, null));
        }
        boolean linked = existingNote != null && whoId != null && found.noteLinks().contains(existingNote + "/" + whoId);
        if (!linked && (whoId != null || whoRef != null)) {
            Map<String, Object> link = new LinkedHashMap<>(Map.of("ShareType", "V"));
            Map<String, WriteRole> refs = new LinkedHashMap<>();
            if (existingNote != null) {
                link.put("ContentDocumentId", existingNote);
            } else {
                refs.put("ContentDocumentId", WriteRole.NOTE);
            }
            if (whoId != null) {
                link.put("LinkedEntityId", whoId);
            } else {
                refs.put("LinkedEntityId", whoRef);
            }
            writes.add(PlannedWrite.create(WriteRole.NOTE_LINK, "ContentDocumentLink", link, refs).keyed(title, null));
        }
        notes.add("The text (" + full.length() + " characters) is longer than " + activityObject
                + ".Description: truncated there, kept whole in the note \"" + title + "\"");
    }

    /** Campaign membership that only moves forward through the rule's statuses. */
    private static void campaign(TypeRule.CampaignRule campaign, InteractionEvent event, String personObject,
                                 String whoId, WriteRole whoRef, String identity, DeliveryLookups.Found found,
                                 List<PlannedWrite> writes, List<String> notes) {
        Optional<String> campaignId = event.text("web.campaignId");
        if (campaignId.isPresent() && !SalesforceIds.isValid(campaignId.get())) {
            notes.add("web.campaignId '" + campaignId.get() + "' is not a Salesforce record id: no campaign membership written");
            return;
        }
        String status = campaign.statusFor(event.text("web.campaignStatus").orElse(null));
        if (campaignId.isEmpty() || status == null || (whoId == null && whoRef == null)) {
            notes.add(campaignId.isEmpty() ? "No web.campaignId: no campaign membership written"
                    : status == null ? "Campaign status '" + event.text("web.campaignStatus").orElse("")
                    + "' is not in the rule's statuses " + campaign.statuses() + ": membership left as it is"
                    : "No Contact or Lead to add to the campaign");
            return;
        }
        String personField = whoId != null ? (io.switchboard.salesforce.SalesforceIds.isLead(whoId) ? "LeadId" : "ContactId")
                : ("Lead".equals(personObject) ? "LeadId" : "ContactId");
        DeliveryLookups.Existing member = whoId == null ? null
                : found.members().get(DeliveryLookups.memberKey(campaignId.get(), whoId));
        if (member == null) {
            Map<String, Object> fields = new LinkedHashMap<>(Map.of("CampaignId", campaignId.get(), "Status", status));
            Map<String, WriteRole> refs = new LinkedHashMap<>();
            if (whoId != null) {
                fields.put(personField, whoId);
            } else {
                refs.put(personField, whoRef);
            }
            writes.add(PlannedWrite.create(WriteRole.CAMPAIGN_MEMBER, "CampaignMember", fields, refs)
                    .keyed(campaignId.get() + "/" + (whoId == null ? identity : whoId),
                            WriteVersion.rank(campaign.statuses().indexOf(status), status)));
        } else if (campaign.movesForward(member.version(), status)) {
            writes.add(PlannedWrite.update(WriteRole.CAMPAIGN_MEMBER, "CampaignMember", member.id(),
                    Map.of("Status", status), Map.of()).keyed(member.id(),
                    WriteVersion.rank(campaign.statuses().indexOf(status), status)));
        } else {
            notes.add("Campaign member " + member.id() + " is already at '" + member.version()
                    + "'; statuses only move forward, so '" + status + "' leaves it as it is");
        }
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>");
    }
}
