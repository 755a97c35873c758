package io.switchboard.model;

/** A Salesforce record this event created or updated. */
public record WrittenRecord(String sObject, String id, String action) {

    public static final String CREATED = "created";
    public static final String UPDATED = "updated";
}
