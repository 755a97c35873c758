package io.switchboard.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.model.Interaction;
import io.switchboard.model.Match;
import io.switchboard.model.rule.FieldMapping;
import io.switchboard.salesforce.QueryChunks;
import io.switchboard.salesforce.QueryText;
import io.switchboard.salesforce.Read;
import io.switchboard.salesforce.SalesforceGateway;
import io.switchboard.salesforce.SalesforceIds;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * What the planner must read from Salesforce for a batch, a query per kind for the whole batch: current values of
 * mapped fields, open Cases and Opportunities, activities and notes written before (replays, growing transcripts),
 * campaign memberships.
 */
@Component
class DeliveryLookups {

    /** Values per query, whatever their length. */
    static final int MAX_VALUES_PER_QUERY = 1_000;
    private static final DateTimeFormatter SALESFORCE_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final SalesforceGateway salesforce;
    private final DeliveryProperties properties;
    private final io.switchboard.salesforce.OrgMetadata metadata;

    DeliveryLookups(SalesforceGateway salesforce, DeliveryProperties properties,
                    io.switchboard.salesforce.OrgMetadata metadata) {
        this.salesforce = salesforce;
        this.properties = properties;
        this.metadata = metadata;
    }

    /**
     * A record written before: its id and, for activities, the time and sequence of the event that last wrote it
     * (for a campaign member, its status).
     */
    record Existing(String id, String version, Long sequence, String description) {
        Existing(String id, String version, Long sequence) {
            this(id, version, sequence, null);
        }

        Existing(String id, String version) {
            this(id, version, null, null);
        }
    }

    /**
     * @param relations the people related to shared activities found here ({@code activityId/personId})
     */
    record Found(Map<String, Map<String, Object>> current, Map<String, String> cases, Map<String, String> opportunities,
                 Map<String, Existing> activities, Map<String, String> notes, Set<String> noteLinks,
                 Map<String, Existing> members, Map<String, String> accountsByName, Set<String> relations) {
    }

    static String companyKey(String company) {
        return company.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** Reads everything a batch's plans need: the reads go out together, five to one request. */
    Found read(List<Interaction> batch, boolean everyActivity) {
        Reads reads = new Reads();
        Map<String, Map<String, Object>> current = currentValues(batch, reads);
        Map<String, String> cases = openCases(batch, reads);
        Map<String, Existing> activities = existingActivities(batch, everyActivity, reads);
        Map<String, String> notes = existingNotes(batch, reads);
        Map<String, Existing> members = campaignMembers(batch, reads);
        Map<String, String> accounts = accountsByName(batch, reads);
        reads.run(salesforce);
        return new Found(current, cases, openOpportunities(batch), activities, notes, noteLinks(notes.values()), members,
                accounts, relations(batch, activities));
    }

    /** Queries collected from several lookups, each with what to do with its records (all of them, every page). */
    private static final class Reads {
        private final List<Chunk> chunks = new ArrayList<>();

        /** {@code before + (values) + after}, as a query or, where archived rows count, a queryAll. */
        private record Chunk(Read.Kind kind, String before, List<String> values, String after,
                             java.util.function.Consumer<List<JsonNode>> handler) {
            Read read() {
                return new Read(kind, before + QueryText.soqlList(values) + after);
            }
        }

        void addChunked(String before, java.util.Collection<String> values, String after,
                        java.util.function.Consumer<List<JsonNode>> handler) {
            addChunked(Read.Kind.QUERY, before, values, after, handler);
        }

        /** Split into several queries where the values would make one longer than a query may be. */
        void addChunked(Read.Kind kind, String before, java.util.Collection<String> values, String after,
                        java.util.function.Consumer<List<JsonNode>> handler) {
            int budget = QueryChunks.MAX_QUERY_URL - QueryChunks.urlLength(before + after);
            for (List<String> chunk : QueryChunks.of(values, v -> QueryChunks.urlLength(QueryText.soqlLiteral(v) + ", "),
                    budget, MAX_VALUES_PER_QUERY)) {
                chunks.add(new Chunk(kind, before, chunk, after, handler));
            }
        }

        void run(SalesforceGateway salesforce) {
            List<List<JsonNode>> answers = salesforce.readAll(chunks.stream().map(Chunk::read).toList());
            for (int i = 0; i < answers.size(); i++) {
                chunks.get(i).handler().accept(answers.get(i));
            }
        }
    }


    static String noteTitle(String activityKey) {
        return Text.truncate("Full transcript " + activityKey, 255);
    }

    static String memberKey(String campaignId, String personId) {
        return campaignId + "/" + personId;
    }

    static Optional<OffsetDateTime> time(String salesforceDateTime) {
        if (salesforceDateTime == null || salesforceDateTime.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(salesforceDateTime, SALESFORCE_DATETIME));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(OffsetDateTime.parse(salesforceDateTime));
            } catch (DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }

    /** Salesforce's datetime form, in UTC with seconds and milliseconds, so that versions compare as text too. */
    static String format(OffsetDateTime time) {
        return SALESFORCE_DATETIME.format(time.withOffsetSameInstant(java.time.ZoneOffset.UTC));
    }

    private Map<String, Map<String, Object>> currentValues(List<Interaction> batch, Reads reads) {
        Map<String, Set<String>> idsByObject = new HashMap<>();
        Map<String, Set<String>> fieldsByObject = new HashMap<>();
        for (Interaction i : batch) {
            List<Match> people = new ArrayList<>();
            people.add(i.match());
            i.participants().forEach(p -> people.add(p.match()));
            for (Match m : people) {
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
        }
        Map<String, Map<String, Object>> out = new HashMap<>();
        idsByObject.forEach((object, ids) -> {
            Set<String> fields = new LinkedHashSet<>(List.of("Id"));
            fields.addAll(fieldsByObject.get(object));
            reads.addChunked("SELECT " + String.join(", ", fields) + " FROM " + object + " WHERE Id IN ", ids, "",
                    records -> records.forEach(r -> {
                Map<String, Object> values = new HashMap<>();
                r.fields().forEachRemaining(e -> {
                    if (!e.getValue().isNull() && !e.getValue().isContainerNode()) {
                        values.put(e.getKey(), e.getValue().asText());
                    }
                });
                out.put(r.path("Id").asText(), values);
            }));
        });
        return out;
    }

    private Map<String, String> openCases(List<Interaction> batch, Reads reads) {
        Set<String> contacts = contactsLinkingTo(batch, io.switchboard.model.rule.LinkTarget.CASE);
        Map<String, String> out = new HashMap<>();
        if (!contacts.isEmpty()) {
            reads.addChunked("SELECT Id, ContactId FROM Case WHERE ContactId IN ", contacts,
                    " AND IsClosed = false ORDER BY LastModifiedDate DESC",
                    records -> records.forEach(c -> out.putIfAbsent(c.path("ContactId").asText(), c.path("Id").asText())));
        }
        return out;
    }

    private static Set<String> contactsLinkingTo(List<Interaction> batch, io.switchboard.model.rule.LinkTarget kind) {
        return batch.stream()
                .filter(i -> kind == i.rule().links().to() && i.match() != null && i.match().found()
                        && "Contact".equals(i.match().sObject()))
                .map(i -> i.match().id()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Open Opportunities need two steps: the Contact's roles, then which of their Opportunities are open. */
    private Map<String, String> openOpportunities(List<Interaction> batch) {
        Set<String> contacts = contactsLinkingTo(batch, io.switchboard.model.rule.LinkTarget.OPPORTUNITY);
        Map<String, String> out = new HashMap<>();
        if (contacts.isEmpty()) {
            return out;
        }
        Map<String, List<String>> contactsByOpportunity = new LinkedHashMap<>();
        Reads roles = new Reads();
        roles.addChunked("SELECT OpportunityId, ContactId FROM OpportunityContactRole WHERE ContactId IN ", contacts, "",
                records -> records.forEach(r -> contactsByOpportunity.computeIfAbsent(r.path("OpportunityId").asText(),
                        k -> new ArrayList<>()).add(r.path("ContactId").asText())));
        roles.run(salesforce);
        if (!contactsByOpportunity.isEmpty()) {
            // most recently modified first, whichever chunk it came in: the first open one per Contact wins
            List<JsonNode> open = new ArrayList<>();
            Reads opportunities = new Reads();
            opportunities.addChunked("SELECT Id, LastModifiedDate FROM Opportunity WHERE Id IN ",
                    contactsByOpportunity.keySet(), " AND IsClosed = false ORDER BY LastModifiedDate DESC", open::addAll);
            opportunities.run(salesforce);
            open.stream().sorted(java.util.Comparator.comparing((JsonNode o) -> o.path("LastModifiedDate").asText())
                            .reversed())
                    .forEach(o -> contactsByOpportunity.get(o.path("Id").asText())
                            .forEach(c -> out.putIfAbsent(c, o.path("Id").asText())));
        }
        return out;
    }

    /**
     * Activities written before under the batch's keys. An event without a subject has a key of its own, so only a
     * replay can find one; where the key field is unique in the org (an External ID marked Unique, as set up) such
     * keys are not looked up at all: a replay's create collides, Salesforce names the record, and the
     * {@link Deliverer} updates it instead. Keys shared by several events (a conversation's updates) are always
     * read, for their version; a dry run ({@code everyActivity}) reads every key, to show what a replay would do.
     */
    private Map<String, Existing> existingActivities(List<Interaction> batch, boolean everyActivity, Reads reads) {
        Map<List<String>, Set<String>> keysByObjectAndField = new LinkedHashMap<>();
        // the Description of a Task or Event an event only adds to (activity.mode update-existing), read for it alone
        Set<List<String>> withDescription = new java.util.HashSet<>();
        for (Interaction i : batch) {
            if (i.rule().activity().logsNothing()) {
                continue;
            }
            String object = i.rule().activity().object();
            if (i.rule().activity().updatesExistingOnly() && i.rule().activity().standard()) {
                withDescription.add(List.of(object, String.valueOf(ActivityKeys.field(i.rule().activity(), properties))));
            }
            String field = ActivityKeys.field(i.rule().activity(), properties);
            // a shared activity's relations are read for it, so a replay relates nobody twice: it is always looked up
            boolean relates = sharedWithOthers(i);
            if (field == null || (!everyActivity && !relates && i.event().subject() == null && uniqueKey(object, field))) {
                continue;
            }
            keysByObjectAndField.computeIfAbsent(List.of(object, field), k -> new LinkedHashSet<>())
                    .addAll(ActivityKeys.all(i));
        }
        Map<String, Existing> out = new HashMap<>();
        keysByObjectAndField.forEach((objectAndField, keys) -> {
            String object = objectAndField.get(0);
            String field = objectAndField.get(1);
            String timeField = hasEventTimeField(object) ? ", " + properties.eventTimeField() : "";
            String sequenceField = hasSequenceField(object) ? ", " + properties.eventSequenceField() : "";
            boolean description = withDescription.contains(objectAndField);
            // queryAll: a replay must find its activity even once Salesforce has archived it (and must not recreate
            // it); a deleted one (in the recycle bin) is not updated
            reads.addChunked(Read.Kind.QUERY_ALL, "SELECT Id, " + field + timeField + sequenceField
                            + (description ? ", Description" : "") + " FROM " + object
                            + " WHERE " + field + " IN ", keys, " AND IsDeleted = false",
                    records -> records.forEach(r -> out.put(object + "/" + r.path(field).asText(), new Existing(
                            r.path("Id").asText(),
                            timeField.isEmpty() ? null : r.path(properties.eventTimeField()).asText(null),
                            sequenceField.isEmpty() || !r.path(properties.eventSequenceField()).isNumber() ? null
                                    : r.path(properties.eventSequenceField()).asLong(),
                            description ? r.path("Description").asText("") : null))));
        });
        return out;
    }

    /** An event whose one activity is related to other people too. */
    private static boolean sharedWithOthers(Interaction i) {
        return i.rule().activity().participants() == io.switchboard.model.rule.TypeRule.Participants.SHARED
                && i.rule().activity().standard() && !i.participants().isEmpty();
    }

    /**
     * Who is related already to the shared activities found (a replay, a later update of the conversation), read
     * once the activities are known: {@code activityId/personId}.
     */
    private Set<String> relations(List<Interaction> batch, Map<String, Existing> activities) {
        Map<String, Set<String>> idsByObject = new LinkedHashMap<>();
        for (Interaction i : batch) {
            if (sharedWithOthers(i)) {
                String object = i.rule().activity().object();
                Existing found = activities.get(object + "/" + ActivityKeys.of(i.event()));
                if (found != null) {
                    idsByObject.computeIfAbsent(object, k -> new LinkedHashSet<>()).add(found.id());
                }
            }
        }
        Set<String> out = new java.util.HashSet<>();
        if (idsByObject.isEmpty()) {
            return out;
        }
        Reads reads = new Reads();
        idsByObject.forEach((object, ids) -> {
            String parent = object + "Id";
            reads.addChunked("SELECT " + parent + ", RelationId FROM " + object + "Relation WHERE " + parent + " IN ",
                    ids, "Event".equals(object) ? " AND IsParent = true" : "",
                    records -> records.forEach(r -> out.add(r.path(parent).asText() + "/" + r.path("RelationId").asText())));
        });
        reads.run(salesforce);
        return out;
    }

    /** Whether the org has the unique person-key field on the object (see {@link DeliveryProperties}). */
    boolean hasPersonKeyField(String object) {
        return properties.hasPersonKeyField() && metadata.field(object, properties.personKeyField())
                .map(io.switchboard.salesforce.OrgMetadata.FieldDescription::unique).orElse(false);
    }

    /** Whether the activity object keeps the event time, the out-of-order guard (on Task and Event, as set up). */
    boolean hasEventTimeField(String object) {
        return properties.hasEventTimeField() && (io.switchboard.model.rule.TypeRule.ActivityRule.STANDARD_OBJECTS
                .contains(object) || metadata.field(object, properties.eventTimeField()).isPresent());
    }

    /** Whether the org keeps the tie-breaker of an activity's order (see {@link ActivityOrder}). */
    boolean hasSequenceField(String object) {
        return properties.hasEventSequenceField() && metadata.field(object, properties.eventSequenceField()).isPresent();
    }

    private boolean uniqueKey(String object, String field) {
        return metadata.field(object, field).map(io.switchboard.salesforce.OrgMetadata.FieldDescription::unique)
                .orElse(false);
    }

    /**
     * Notes already holding the full text of long activities, and whom they are linked to: an event whose text is
     * too long for the Description finds its note (a replay, a growing transcript) and links it if a first try
     * stopped before the link.
     */
    private Map<String, String> existingNotes(List<Interaction> batch, Reads reads) {
        Set<String> titles = batch.stream().filter(i -> i.rule().activity().standard()
                        && i.rule().activity().description().render(i.event()).length() > metadata.length(
                        i.rule().activity().object(), "Description"))
                .map(i -> noteTitle(ActivityKeys.of(i.event()))).collect(Collectors.toCollection(LinkedHashSet::new));
        Map<String, String> out = new HashMap<>();
        if (!titles.isEmpty()) {
            reads.addChunked("SELECT Id, Title FROM ContentNote WHERE Title IN ", titles, "",
                    records -> records.forEach(n -> out.put(n.path("Title").asText(), n.path("Id").asText())));
        }
        return out;
    }

    /** Who each existing note is linked to ({@code noteId/entityId}); read after the notes are known. */
    Set<String> noteLinks(java.util.Collection<String> noteIds) {
        Set<String> out = new java.util.HashSet<>();
        if (noteIds.isEmpty()) {
            return out;
        }
        Reads reads = new Reads();
        reads.addChunked("SELECT ContentDocumentId, LinkedEntityId FROM ContentDocumentLink WHERE ContentDocumentId IN ",
                noteIds, "", records -> records.forEach(l -> out.add(l.path("ContentDocumentId").asText() + "/"
                        + l.path("LinkedEntityId").asText())));
        reads.run(salesforce);
        return out;
    }

    /** Accounts named like the companies of people who become new Contacts, most recently modified first. */
    private Map<String, String> accountsByName(List<Interaction> batch, Reads reads) {
        Set<String> companies = new LinkedHashSet<>();
        for (Interaction i : batch) {
            if (i.rule().whenNoMatch().create() != io.switchboard.model.rule.NewPerson.CONTACT
                    || i.rule().whenNoMatch().account() == io.switchboard.model.rule.CompanyAccount.NONE) {
                continue;
            }
            if (i.match() == null || !i.match().found()) {
                i.event().text("person.company").ifPresent(companies::add);
            }
            // participants nobody matched become Contacts of their companies too
            i.participants().stream().filter(p -> p.match() == null || !p.match().found())
                    .forEach(p -> p.event().text("person.company").ifPresent(companies::add));
        }
        Map<String, String> out = new HashMap<>();
        if (!companies.isEmpty()) {
            reads.addChunked("SELECT Id, Name FROM Account WHERE Name IN ", companies, " ORDER BY LastModifiedDate DESC",
                    records -> records.forEach(a -> out.putIfAbsent(companyKey(a.path("Name").asText()), a.path("Id").asText())));
        }
        return out;
    }

    private Map<String, Existing> campaignMembers(List<Interaction> batch, Reads reads) {
        Set<String> campaigns = new LinkedHashSet<>();
        Set<String> people = new LinkedHashSet<>();
        for (Interaction i : batch) {
            if (i.rule().campaign() != null && i.match() != null && i.match().whoId() != null) {
                i.event().text("web.campaignId").filter(SalesforceIds::isValid).ifPresent(campaigns::add);
                people.add(i.match().whoId());
            }
        }
        Map<String, Existing> out = new HashMap<>();
        if (campaigns.isEmpty()) {
            return out;
        }
        java.util.function.Consumer<List<JsonNode>> remember = records -> records.forEach(m -> {
            String person = m.path("ContactId").isNull() || m.path("ContactId").isMissingNode()
                    ? m.path("LeadId").asText() : m.path("ContactId").asText();
            out.put(memberKey(m.path("CampaignId").asText(), person),
                    new Existing(m.path("Id").asText(), m.path("Status").asText(null)));
        });
        String before = "SELECT Id, CampaignId, ContactId, LeadId, Status FROM CampaignMember WHERE CampaignId IN "
                + QueryText.soqlList(campaigns) + " AND ";
        Map<Boolean, List<String>> byObject = people.stream()
                .collect(Collectors.partitioningBy(SalesforceIds::isLead));
        if (!byObject.get(false).isEmpty()) {
            reads.addChunked(before + "ContactId IN ", byObject.get(false), "", remember);
        }
        if (!byObject.get(true).isEmpty()) {
            reads.addChunked(before + "LeadId IN ", byObject.get(true), "", remember);
        }
        return out;
    }
}
