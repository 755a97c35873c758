package io.switchboard.delivery;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a planned write is for in its event's delivery, so that other writes of the plan can name its record
 * ({@link PlannedWrite#refs()}) and the rounds can order them ({@link WriteRounds}).
 */
public enum WriteRole {
    /** A new Contact's company. */
    ACCOUNT("account"),
    /** The person: created, or updated with the rule's fields. */
    PERSON("person"),
    CASE("case"),
    ACTIVITY("activity"),
    /** The full text of a long activity. */
    NOTE("note"),
    NOTE_LINK("noteLink"),
    /** Another person related to a shared activity (TaskRelation, EventRelation). */
    RELATION("relation"),
    CAMPAIGN_MEMBER("campaignMember");

    private final String key;

    WriteRole(String key) {
        this.key = key;
    }

    /** As the dry run shows it. */
    @JsonValue
    public String key() {
        return key;
    }
}
