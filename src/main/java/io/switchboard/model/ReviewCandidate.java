package io.switchboard.model;

/**
 * A Salesforce record a held interaction may belong to, for the person who decides.
 *
 * @param sObject the record's object: Contact, Lead or Account
 * @param name    the record's Name as Salesforce shows it (null when the record has none)
 * @param why     what it matched on, e.g. {@code phone +14155550134}
 */
public record ReviewCandidate(String id, String sObject, String name, String why) {
}
