package io.switchboard.model;

/** The one way each consumed record ends. */
public enum Decision {
    DELIVERED("delivered"),
    SKIPPED_BY_RULE("skipped-by-rule"),
    DEAD_LETTERED("dead-lettered");

    private final String label;

    Decision(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
