package io.switchboard.rules;

import java.util.List;

/**
 * What another stage needs of the org for the rules in force (a field it writes on every activity, say), checked
 * with the rules at start-up and on every reload, so that a missing field stops the service with a clear problem
 * instead of dead-lettering every event. Stages contribute these as beans; the rules know nothing else of them.
 */
public interface OrgRequirement {

    /** Problems of this requirement for these rules, each with its place; empty when the org meets it. */
    List<String> problems(Rules rules);
}
