package io.switchboard.model.rule;

/** What an activity is attached to besides its person (the rule's {@code links.to}). */
public enum LinkTarget implements Keyed {
    NONE("none"),
    /** The person's open Case, most recently modified first. */
    CASE("case"),
    /** The person's open Opportunity, through its contact roles, most recently modified first. */
    OPPORTUNITY("opportunity");

    private final String key;

    LinkTarget(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
