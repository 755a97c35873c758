package io.switchboard.model.rule;

/**
 * What a rule does when several records of the winning object match ({@code match.ambiguous}), e.g. every
 * Contact of a company sharing its main line.
 */
public enum Ambiguity implements Keyed {
    /** The most recently modified record wins; the outcome lists the others (the default). */
    MOST_RECENT,
    /** Nothing is written; the interaction waits in the review queue for a person to choose. */
    REVIEW
}
