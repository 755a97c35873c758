package io.switchboard.model;

import java.util.List;

/**
 * The Salesforce record an event belongs to, how it was found ({@code by}: salesforceId, email, phone, domain), and
 * the other candidates when several records of the winning object matched.
 *
 * @param sObject     the record's Salesforce object: Contact, Lead or Account (a Person Account is an Account)
 * @param accountId   the Account the person belongs to: a Contact's AccountId, or the matched Account itself
 * @param alsoMatched other records of the same object that matched too, most recently modified first (the
 *                    winner is the most recently modified); non-empty means the match was ambiguous
 * @param identity    the person's normalized key (lower-case email, else E.164 phone; the domain for an Account
 *                    matched by domain), also when nobody matched, so several events of one new person in a batch
 *                    create one record
 * @param kind        which of the rules' match objects won: Contact, Lead, Account or PersonAccount
 * @param whoId       the id an activity names as its WhoId: the Contact or Lead itself, a Person Account's person
 *                    contact; null for a business Account, whose activities are related through WhatId
 */
public record Match(String sObject, String id, String by, String accountId, List<String> alsoMatched,
                    String identity, String kind, String whoId) {

    public static final String NONE = "none";

    public Match {
        alsoMatched = alsoMatched == null ? List.of() : List.copyOf(alsoMatched);
    }

    /** A Contact or Lead match (kind and WhoId follow from the object). */
    public Match(String sObject, String id, String by, String accountId, List<String> alsoMatched, String identity) {
        this(sObject, id, by, accountId, alsoMatched, identity, sObject,
                "Contact".equals(sObject) || "Lead".equals(sObject) ? id : null);
    }

    public static Match none() {
        return none(null);
    }

    /**
     * Nobody matched; {@code identity} is the normalized key of the person (email, else E.164 phone), so that
     * several events of one new person in a batch create one record.
     */
    public static Match none(String identity) {
        return new Match(null, null, NONE, null, List.of(), identity, null, null);
    }

    public boolean found() {
        return id != null;
    }

    /** Several records of the winning object matched; the most recently modified was chosen. */
    public boolean ambiguous() {
        return !alsoMatched.isEmpty();
    }
}
