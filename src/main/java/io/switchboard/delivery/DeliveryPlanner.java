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

    /** Salesforce relates one Lead or up to 50 Contacts to a Task or Event (Shared Activities). */
    static final int MAX_RELATED_CONTACTS = 50;

    private final DeliveryLookups lookups;
    private final PersonFields people;
    private final ActivityFields activities;
    private final FieldValues values;
    private final FieldAccess access;
    private final Owners owners;
    private final DeliveryProperties properties;
    private final OrgMetadata metadata;
    private final ExistingActivityUpdates additions;

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
        this.additions = new ExistingActivityUpdates(values, access, lookups, properties, metadata);
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
        return additions.joinedInBatch(batch.stream().map(i -> {
            try {
                if (i.rule().activity().updatesExistingOnly()) {
                    return additions.plan(i, found);
                }
                return plan(Planning.of(i, found, changes), agents);
            } catch (SalesforceUnavailable | SalesforceRejection e) {
                throw e;
            } catch (RuntimeException defect) {
                return DeliveryPlan.failed(i, io.switchboard.model.Failures.defect("delivery: plan", defect));
            }
        }).toList());
    }

    /**
     * One person of an interaction: the primary person (number 0) or participant n, as the event reads from them,
     * and whom matching found.
     */
    private record Party(int number, InteractionEvent event, Match match) {

        boolean creating(TypeRule rule) {
            return !match.found() && !rule.whenNoMatch().createsNothing();
        }

        /** The person's object: the match's, or the one the rule creates (a Person Account is an Account). */
        String personObject(TypeRule rule) {
            return match.found() ? match.sObject() : rule.whenNoMatch().create().sObject();
        }

        boolean accountCreated(TypeRule rule) {
            return creating(rule) && "Account".equals(personObject(rule));
        }

        /** Whom the activity, note and campaign membership belong to, when they exist already. */
        String whoId() {
            return match.found() ? match.whoId() : null;
        }

        /** Or the person this plan creates: not an Account, which is never a WhoId. */
        WriteRef whoRef(TypeRule rule) {
            return creating(rule) && !accountCreated(rule) ? person() : null;
        }

        WriteRef person() {
            return new WriteRef(WriteRole.PERSON, number);
        }

        String label() {
            return number == 0 ? "the person" : "participant " + number;
        }

        String prefix() {
            return number == 0 ? "" : label() + ": ";
        }
    }

    /** One event's planning: what it is about, whom it concerns, and the writes and notes gathered so far. */
    private record Planning(Interaction interaction, Party primary, List<Party> others, DeliveryLookups.Found found,
                            BatchChanges changes, List<PlannedWrite> writes, List<String> notes) {

        static Planning of(Interaction interaction, DeliveryLookups.Found found, BatchChanges changes) {
            Party primary = new Party(0, interaction.event(), interaction.match() == null ? Match.none() : interaction.match());
            List<Party> others = interaction.participants().stream()
                    .map(p -> new Party(p.number(), p.event(), p.match() == null ? Match.none() : p.match())).toList();
            return new Planning(interaction, primary, others, found, changes, new ArrayList<>(), new ArrayList<>());
        }

        TypeRule rule() {
            return interaction.rule();
        }

        InteractionEvent event() {
            return interaction.event();
        }

        Match match() {
            return primary.match();
        }

        List<Party> everyone() {
            List<Party> all = new ArrayList<>(others);
            all.add(0, primary);
            return all;
        }

        /** One activity for each person: the rule says so, or the object relates to one person only. */
        boolean activityEach() {
            return rule().activity().participants() == TypeRule.Participants.EACH || !rule().activity().standard();
        }

        DeliveryPlan done(String skipReason, io.switchboard.model.WrittenRecord unchanged) {
            return new DeliveryPlan(interaction, writes, skipReason, null, notes, unchanged);
        }
    }

    private DeliveryPlan plan(Planning p, Map<String, String> agents) {
        for (Party party : p.everyone()) {
            if (party.match().found()) {
                updateKnownPerson(p, party);
            } else if (party.creating(p.rule())) {
                createPerson(p, party);
            }
        }
        Party primary = p.primary();
        if (p.rule().campaign() != null) {
            campaign(p.rule().campaign(), p.event(), primary.personObject(p.rule()), primary.whoId(),
                    primary.whoRef(p.rule()), primary.match().identity(), p.found(), p.writes(), p.notes());
        }
        if (p.rule().activity().logsNothing()) {
            return p.done(p.writes().isEmpty() ? "The rule for '" + p.rule().type() + "' logs no activity and nothing changed"
                    : null, null);
        }
        io.switchboard.model.WrittenRecord kept = planActivity(p, primary, agents);
        if (p.activityEach()) {
            p.others().forEach(other -> planActivity(p, other, agents));
        } else if (kept == null) {
            p.others().forEach(other -> relate(p, other));
        }
        return p.done(null, kept);
    }

    /** The rule's fields for a known person, planned against the earlier events' changes of this batch. */
    private void updateKnownPerson(Planning p, Party party) {
        Match match = party.match();
        TypeRule.WhenNoMatch whenNoMatch = p.rule().whenNoMatch();
        // Values this service wrote for want of real ones, by field: they count as empty for 'fill'.
        Map<String, String> placeholders = new java.util.HashMap<>(whenNoMatch.placeholders());
        placeholders.put("LastName", whenNoMatch.namePlaceholder());
        placeholders.put("Company", whenNoMatch.namePlaceholder());
        Map<String, Object> changes = values.forExisting(match.sObject(), p.rule().fieldsFor(match.sObject()),
                party.event(), p.changes().valuesOf(match.id()), placeholders);
        if (!changes.isEmpty()) {
            // keyed by the record: several events of one person in a batch make one update (a collection may name
            // a record only once)
            p.writes().add(PlannedWrite.update(WriteRole.PERSON, match.sObject(), match.id(), changes, Map.of())
                    .keyed(match.id(), null).forParty(party.number()));
            p.changes().plan(match.id(), changes);
        }
    }

    /** A new person (and, for a Contact, their company's Account) as the rule says. */
    private void createPerson(Planning p, Party party) {
        TypeRule.WhenNoMatch whenNoMatch = p.rule().whenNoMatch();
        String object = party.personObject(p.rule());
        Map<String, Object> fields = people.forNew(whenNoMatch.create(), party.event(), whenNoMatch);
        fields.putAll(whenNoMatch.placeholders());
        fields.putAll(values.forNew(object, p.rule().fieldsFor(object), party.event()));
        if (lookups.hasPersonKeyField(object) && whenNoMatch.create().isPerson()) {
            people.personKey(party.event()).ifPresent(k -> fields.put(properties.personKeyField(), k));
        }
        Map<String, WriteRef> personRefs = new LinkedHashMap<>();
        if ("Contact".equals(object)) {
            accountOfNewContact(p.rule(), party, p.found(), fields, personRefs, p.writes());
        }
        p.writes().add(PlannedWrite.create(WriteRole.PERSON, object, fields, personRefs)
                .keyed(people.identityKeys(party.event(), party.match().identity()), null).forParty(party.number()));
    }

    /**
     * The activity of one person (of the primary person, for a shared one): created, or updated unless Salesforce
     * holds a later update of the interaction, which is then what the plan keeps.
     */
    private io.switchboard.model.WrittenRecord planActivity(Planning p, Party party, Map<String, String> agents) {
        String activityObject = p.rule().activity().object();
        String key = ActivityKeys.of(p.event(), party.number() == 0 ? null : party.match());
        DeliveryLookups.Existing existing = p.found().activities().get(activityObject + "/" + key);
        if (existing != null && heldIsLater(existing, p.event())) {
            p.notes().add(party.prefix() + "The " + activityObject + " " + existing.id() + " already holds a later update"
                    + " of this interaction (" + existing.version() + "); this older one leaves it as it is");
            return party.number() == 0 ? new io.switchboard.model.WrittenRecord(activityObject, existing.id(), "unchanged")
                    : null;
        }
        Map<String, WriteRef> refs = new LinkedHashMap<>();
        Map<String, Object> activity = p.rule().activity().standard()
                ? activityFields(p, party, activityObject, key, agents, refs)
                : customActivityFields(p, party, activityObject, agents, refs);
        WriteVersion version = WriteVersion.of(p.event().time());
        if (existing != null) {
            p.writes().add(PlannedWrite.update(WriteRole.ACTIVITY, activityObject, existing.id(),
                    access.updatableOnly(activityObject, activity), refs).keyed(key, version).forParty(party.number()));
        } else {
            activity.put(ActivityKeys.field(p.rule().activity(), properties), key);
            p.writes().add(PlannedWrite.create(WriteRole.ACTIVITY, activityObject, activity, refs).keyed(key, version)
                    .forParty(party.number()));
        }
        if (party.number() == 0 && p.rule().activity().standard()) {
            transcriptNote(p.rule(), p.event(), key, activityObject, party.whoId(), party.whoRef(p.rule()), p.found(),
                    p.writes(), p.notes());
        }
        return null;
    }

    private Map<String, Object> activityFields(Planning p, Party party, String activityObject, String key,
                                               Map<String, String> agents, Map<String, WriteRef> refs) {
        Map<String, Object> activity = activities.of(party.event(), p.rule().activity(), key);
        activity.putAll(values.forNew(activityObject, p.rule().fieldsFor(activityObject), party.event()));
        if (party.whoId() != null) {
            activity.put("WhoId", party.whoId());
        } else if (party.whoRef(p.rule()) != null) {
            refs.put("WhoId", party.whoRef(p.rule()));
        }
        relateTo(p, party, activity, refs);
        owner(p, agents, activity);
        versionFields(p, activityObject, activity);
        return activity;
    }

    /**
     * A record of the org's own object (a call log): the rule's fields for it, its lookup to the person (the rule's
     * {@code personFields} for the person's object), and the owner and version fields where the object has them.
     */
    private Map<String, Object> customActivityFields(Planning p, Party party, String activityObject,
                                                     Map<String, String> agents, Map<String, WriteRef> refs) {
        Map<String, Object> activity = values.forNew(activityObject, p.rule().fieldsFor(activityObject), party.event());
        String object = party.match().found() ? party.match().sObject() : party.creating(p.rule())
                ? party.personObject(p.rule()) : null;
        String lookup = object == null ? null : p.rule().activity().personFields().get(object);
        if (lookup != null && party.match().found()) {
            activity.put(lookup, party.match().id());
        } else if (lookup != null) {
            refs.put(lookup, party.person());
        } else if (object != null) {
            p.notes().add(party.prefix() + "The rule's personFields name no lookup to " + object + ", so this "
                    + activityObject + " is not related to " + party.label());
        }
        if (metadata.field(activityObject, "OwnerId").isPresent()) {
            owner(p, agents, activity);
        }
        versionFields(p, activityObject, activity);
        return activity;
    }

    private void owner(Planning p, Map<String, String> agents, Map<String, Object> activity) {
        p.event().text("agent.email").flatMap(e -> Owners.of(agents, e))
                .or(() -> properties.defaultOwnerId().isBlank() ? Optional.empty() : Optional.of(properties.defaultOwnerId()))
                .ifPresent(owner -> activity.put("OwnerId", owner));
    }

    private void versionFields(Planning p, String activityObject, Map<String, Object> activity) {
        if (lookups.hasEventTimeField(activityObject)) {
            activity.put(properties.eventTimeField(), DeliveryLookups.format(p.event().time()));
        }
        if (lookups.hasSequenceField(activityObject)) {
            activity.put(properties.eventSequenceField(), ActivityOrder.sequence(p.event().time()));
        }
    }

    /**
     * Another person related to the shared activity (TaskRelation, EventRelation), unless they are already. A Task
     * or Event is related to one Lead or up to 50 Contacts: a Lead beside others, or a 51st Contact, is left out
     * with a note; so is a person who is no Contact or Lead (a business Account).
     */
    private void relate(Planning p, Party other) {
        String activityObject = p.rule().activity().object();
        String relationObject = activityObject + "Relation";
        String parentField = "Task".equals(activityObject) ? "TaskId" : "EventId";
        String key = ActivityKeys.of(p.event(), null);
        String whoId = other.whoId();
        WriteRef whoRef = other.whoRef(p.rule());
        String object = whoId != null ? (SalesforceIds.isLead(whoId) ? "Lead" : "Contact")
                : whoRef != null ? other.personObject(p.rule()) : null;
        Party primary = p.primary();
        String primaryObject = primary.whoId() != null ? (SalesforceIds.isLead(primary.whoId()) ? "Lead" : "Contact")
                : primary.whoRef(p.rule()) != null ? primary.personObject(p.rule()) : null;
        DeliveryLookups.Existing existing = p.found().activities().get(activityObject + "/" + key);
        // the Contacts related so far: those Salesforce holds (the primary person's among them), else the primary
        // person, and those this plan relates
        long contactsBefore = (existing != null ? p.found().relations().stream()
                .filter(r -> r.startsWith(existing.id() + "/003")).count() : "Contact".equals(primaryObject) ? 1 : 0)
                + p.writes().stream().filter(w -> w.ref() == WriteRole.RELATION).count();
        if (object == null) {
            p.notes().add(other.label() + " is no Contact or Lead (nobody matched, or an Account): not related to the "
                    + activityObject);
            return;
        }
        if ("Lead".equals(object) || "Lead".equals(primaryObject) || contactsBefore >= MAX_RELATED_CONTACTS) {
            p.notes().add(other.label() + " (" + (whoId != null ? object + " " + whoId : "a new " + object) + ") is not "
                    + "related to the " + activityObject + ": Salesforce relates one Lead or up to "
                    + MAX_RELATED_CONTACTS + " Contacts to an activity");
            return;
        }
        if (existing != null && whoId != null && p.found().relations().contains(existing.id() + "/" + whoId)) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        Map<String, WriteRef> refs = new LinkedHashMap<>();
        if (existing != null) {
            fields.put(parentField, existing.id());
        } else {
            refs.put(parentField, WriteRef.of(WriteRole.ACTIVITY));
        }
        if (whoId != null) {
            fields.put("RelationId", whoId);
        } else {
            refs.put("RelationId", whoRef);
        }
        if ("Event".equals(activityObject)) {
            // related, not invited: the person was on the interaction, not asked to a meeting
            fields.put("IsParent", true);
            fields.put("IsInvitee", false);
        }
        p.writes().add(PlannedWrite.create(WriteRole.RELATION, relationObject, fields, refs)
                .keyed(key + "/" + (whoId != null ? whoId : other.match().identity()), null).forParty(other.number()));
    }

    /** What the activity is related to (WhatId): the linked Case or Opportunity, a new Case, or an Account. */
    private void relateTo(Planning p, Party party, Map<String, Object> activity, Map<String, WriteRef> refs) {
        Match match = party.match();
        // cases and opportunities are the primary person's: they are read and opened for them only
        io.switchboard.model.rule.LinkTarget to = party.number() == 0 ? p.rule().links().to()
                : io.switchboard.model.rule.LinkTarget.NONE;
        String what = switch (to) {
            case CASE -> match.found() ? p.found().cases().get(match.id()) : null;
            case OPPORTUNITY -> match.found() ? p.found().opportunities().get(match.id()) : null;
            case NONE -> null;
        };
        if (what != null) {
            activity.put("WhatId", what);
        } else if (to == io.switchboard.model.rule.LinkTarget.CASE && p.rule().links().createCase()
                && "Contact".equals(party.personObject(p.rule()))) {
            p.writes().add(newCase(p.rule(), p.event(), match, activity));
            refs.put("WhatId", WriteRef.of(WriteRole.CASE));
        } else if (match.found() && match.whoId() == null && match.accountId() != null) {
            // A business Account cannot be a WhoId: its activities are related to it.
            activity.put("WhatId", match.accountId());
        } else if (party.accountCreated(p.rule())) {
            refs.put("WhatId", party.person());
        }
    }

    /** A new Contact joins the Account of its company: the one that exists, or (if the rule says so) a new one. */
    private static void accountOfNewContact(TypeRule rule, Party party, DeliveryLookups.Found found,
                                            Map<String, Object> fields, Map<String, WriteRef> refs,
                                            List<PlannedWrite> writes) {
        Optional<String> company = party.event().text("person.company");
        if (company.isEmpty() || rule.whenNoMatch().account() == io.switchboard.model.rule.CompanyAccount.NONE) {
            return;
        }
        String existing = found.accountsByName().get(DeliveryLookups.companyKey(company.get()));
        if (existing != null) {
            fields.put("AccountId", existing);
        } else if (rule.whenNoMatch().account() == io.switchboard.model.rule.CompanyAccount.CREATE) {
            writes.add(PlannedWrite.create(WriteRole.ACCOUNT, "Account", Map.of("Name", Text.truncate(company.get(), 255)),
                    Map.of()).keyed(DeliveryLookups.companyKey(company.get()), null).forParty(party.number()));
            refs.put("AccountId", new WriteRef(WriteRole.ACCOUNT, party.number()));
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
        Map<String, WriteRef> refs = new LinkedHashMap<>();
        if (match.found()) {
            fields.put("ContactId", match.id());
            if (match.accountId() != null) {
                fields.put("AccountId", match.accountId());
            }
        } else {
            refs.put("ContactId", WriteRef.of(WriteRole.PERSON));
        }
        return PlannedWrite.create(WriteRole.CASE, "Case", fields, refs);
    }

    /**
     * A transcript longer than the activity's Description is never an error: the activity gets the truncated text
     * with a marker, and the full text goes into a note (one per conversation, updated as it grows) on the person.
     */
    private void transcriptNote(TypeRule rule, InteractionEvent event, String key, String activityObject,
                                String whoId, WriteRef whoRef, DeliveryLookups.Found found,
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
            Map<String, WriteRef> refs = new LinkedHashMap<>();
            if (existingNote != null) {
                link.put("ContentDocumentId", existingNote);
            } else {
                refs.put("ContentDocumentId", WriteRef.of(WriteRole.NOTE));
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
                                 String whoId, WriteRef whoRef, String identity, DeliveryLookups.Found found,
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
            Map<String, WriteRef> refs = new LinkedHashMap<>();
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
