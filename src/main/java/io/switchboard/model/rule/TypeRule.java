package io.switchboard.model.rule;

import io.switchboard.model.rule.BusinessHours;
import io.switchboard.model.rule.FieldMapping;
import io.switchboard.model.rule.MatchStrategy;
import io.switchboard.model.rule.Predicate;
import io.switchboard.model.rule.Template;

import java.util.List;
import java.util.Map;

/**
 * Everything the rules file says about one event type, with the shared defaults already merged in.
 *
 * @param skipWhen      a filter: events it holds for are skipped (null: none)
 * @param businessHours null: always open
 * @param fields        field mappings by Salesforce object (Lead, Contact, Account, Task, Event)
 */
public record TypeRule(
        String type,
        boolean enabled,
        Predicate skipWhen,
        BusinessHours businessHours,
        MatchRule match,
        WhenNoMatch whenNoMatch,
        ActivityRule activity,
        LinkRule links,
        CampaignRule campaign,
        Map<String, List<FieldMapping>> fields) {

    public TypeRule {
        fields = Map.copyOf(fields);
    }

    public List<FieldMapping> fieldsFor(String sObject) {
        return fields.getOrDefault(sObject, List.of());
    }

    /** The same rule with another Task status (used outside business hours). */
    public TypeRule withActivityStatus(String status) {
        return new TypeRule(type, enabled, skipWhen, businessHours, match, whenNoMatch,
                activity.withStatus(status), links, campaign, fields);
    }

    /** The same rule creating {@code whom} when nobody matches (what a person chose in the review queue). */
    public TypeRule withCreate(NewPerson whom) {
        return new TypeRule(type, enabled, skipWhen, businessHours, match, new WhenNoMatch(whom,
                whenNoMatch.leadSource(), whenNoMatch.namePlaceholder(), whenNoMatch.placeholders(),
                whenNoMatch.account()), activity, links, campaign, fields);
    }

    /**
     * Which strategy finds the person, which objects win when several match, and what happens when several
     * records of the winning object match.
     */
    public record MatchRule(MatchStrategy strategy, List<String> objects, Ambiguity ambiguous) {

        public MatchRule {
            ambiguous = ambiguous == null ? Ambiguity.MOST_RECENT : ambiguous;
        }

        public MatchRule(MatchStrategy strategy, List<String> objects) {
            this(strategy, objects, Ambiguity.MOST_RECENT);
        }
    }

    /**
     * What to create when nobody matches.
     *
     * @param namePlaceholder written where a name Salesforce requires is missing: the last name, the Lead's
     *                        company, a new Account's name (the rules file's {@code lastNamePlaceholder})
     * @param placeholders        constants for other fields the org requires on a new record (field → value)
     * @param account             for a new Contact, its company's Account
     */
    public record WhenNoMatch(NewPerson create, String leadSource, String namePlaceholder,
                              Map<String, String> placeholders, CompanyAccount account) {

        public WhenNoMatch {
            placeholders = Map.copyOf(placeholders);
        }

        /** Creates nobody by itself: {@code none}, or {@code review} (a person may choose whom, later). */
        public boolean createsNothing() {
            return create == NewPerson.NONE || create == NewPerson.REVIEW;
        }

        /** Nobody matched: the interaction waits for a person instead of creating one. */
        public boolean holdsForReview() {
            return create == NewPerson.REVIEW;
        }
    }

    /**
     * The activity to log: {@code Task}, {@code Event}, another object of the org (a call log object of its own,
     * {@code Call_Log__c}) or {@code none}; status and texts (for Task and Event).
     *
     * @param participants  when the event names several people: one activity related to all of them, or one each
     * @param personFields  for an object other than Task and Event: its lookup field to the person, by the person's
     *                      object ({@code Contact: Contact__c}); empty for Task and Event, which use WhoId
     * @param keyField      the field keying the activity on that object; null: the service's event-id field
     */
    public record ActivityRule(String object, String status, String callType, Template subject, Template description,
                               Participants participants, Map<String, String> personFields, String keyField,
                               ActivityMode mode) {

        public static final java.util.Set<String> STANDARD_OBJECTS = java.util.Set.of("Task", "Event");

        public ActivityRule {
            personFields = Map.copyOf(personFields);
            mode = mode == null ? ActivityMode.LOG : mode;
        }

        /** A Task or Event rule with the defaults for the rest. */
        public ActivityRule(String object, String status, String callType, Template subject, Template description) {
            this(object, status, callType, subject, description, Participants.EACH, Map.of(), null, ActivityMode.LOG);
        }

        /** Only brings the interaction's existing activity up to date: matches nobody, creates nothing. */
        public boolean updatesExistingOnly() {
            return mode == ActivityMode.UPDATE_EXISTING;
        }

        public boolean logsNothing() {
            return "none".equals(object);
        }

        /** Task or Event: Salesforce's activities, with WhoId, WhatId, Subject, Status and the call fields. */
        public boolean standard() {
            return STANDARD_OBJECTS.contains(object);
        }

        public ActivityRule withStatus(String newStatus) {
            return new ActivityRule(object, newStatus, callType, subject, description, participants, personFields, keyField,
                    mode);
        }
    }

    /**
     * What an event does to its interaction's activity: {@code log} creates it or brings it up to date, for the
     * person matched (or created); {@code update-existing} adds to the activity an earlier event of the same
     * {@code subject} logged (a call's recording, reported apart from the call and naming nobody), matching no one
     * and creating nothing.
     */
    public enum ActivityMode implements Keyed { LOG, UPDATE_EXISTING }

    /**
     * Several people on one interaction ({@code participants} in the event): {@code shared} logs one activity whose
     * WhoId is the primary person and relates the others to it (TaskRelation / EventRelation, where the org has
     * Shared Activities); {@code each} logs one activity per person, each keyed apart.
     */
    public enum Participants implements Keyed { SHARED, EACH }

    /**
     * Campaign membership: the person joins the event's campaign ({@code web.campaignId}); its status moves only
     * forward through {@code statuses} (in order), the producer's status translated by {@code map}.
     */
    public record CampaignRule(List<String> statuses, Map<String, String> map) {

        public CampaignRule {
            statuses = List.copyOf(statuses);
            map = Map.copyOf(map);
        }

        /** The Salesforce status for the producer's, or null when the rules do not know it. */
        public String statusFor(String producerStatus) {
            if (producerStatus == null) {
                return statuses.isEmpty() ? null : statuses.get(0);
            }
            String mapped = map.getOrDefault(producerStatus, map.get(producerStatus.toLowerCase(java.util.Locale.ROOT)));
            String status = mapped != null ? mapped : producerStatus;
            return statuses.contains(status) ? status : null;
        }

        /** True when {@code next} comes after {@code current} in the order (a missing current always moves). */
        public boolean movesForward(String current, String next) {
            return current == null || statuses.indexOf(next) > statuses.indexOf(current);
        }
    }

    /**
     * Where the activity is attached besides the person: {@code none}, the person's open {@code case} or open
     * {@code opportunity} (most recently modified first); {@code createCase} opens a Case when there is none.
     */
    public record LinkRule(LinkTarget to, boolean createCase, Template caseSubject) {

        public static LinkRule none() {
            return new LinkRule(LinkTarget.NONE, false, null);
        }
    }
}
