package io.switchboard.model;

/**
 * A person or account changed in Salesforce, as the change feed saw it (published as a Spring application event
 * after the feed's record was written to Kafka). Matching forgets what it remembered of the record; a review queue
 * can listen for it to match held interactions again when a matching record appears ({@code @EventListener}).
 *
 * @param object      Contact, Lead, Account or PersonAccount
 * @param recordId    the record's 18-character id
 * @param successorId where the record lives on: a converted Lead's ConvertedContactId; otherwise null
 */
public record OrgRecordChanged(String object, String recordId, Change change, String successorId) {

    public enum Change {
        /** Created, updated or undeleted, or read afresh after a gap. */
        CHANGED,
        /** Deleted, also merged away (a merge deletes the records it merges into the survivor). */
        DELETED,
        /** A Lead converted: it lives on as {@code successorId}. */
        CONVERTED
    }
}
