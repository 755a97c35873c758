package io.switchboard.model;

/** The one way each consumed record ends. */
public enum Decision {
    DELIVERED("delivered"),
    SKIPPED_BY_RULE("skipped-by-rule"),
    DEAD_LETTERED("dead-lettered"),
    /** Nothing written: the rule holds it for a person to decide, in the review queue. */
    HELD_FOR_REVIEW("held-for-review"),
    /** An operator chose, in the review queue, not to deliver it. */
    SKIPPED_IN_REVIEW("skipped-in-review");

    private final String label;

    Decision(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
