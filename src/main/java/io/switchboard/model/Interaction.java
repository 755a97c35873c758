package io.switchboard.model;

import io.switchboard.model.rule.TypeRule;
import java.util.ArrayList;
import java.util.List;

/**
 * One consumed record on its way through the pipeline: each stage returns a new copy with its part filled in.
 * While it travels it has no {@link #decision()} (null); once a stage decides it, the later stages leave it alone.
 *
 * @param candidates the records a person may choose from when it is {@link Decision#HELD_FOR_REVIEW held}
 * @param resolution what a person decided for it in the review queue (it came back with that decision), or null
 */
public record Interaction(
        RecordOrigin origin,
        InteractionEvent event,
        TypeRule rule,
        Match match,
        List<WrittenRecord> written,
        String activityId,
        Decision decision,
        String reason,
        Failure failure,
        List<String> notes,
        List<ReviewCandidate> candidates,
        Resolution resolution) {

    public Interaction {
        written = List.copyOf(written);
        notes = List.copyOf(notes);
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    public static Interaction received(RecordOrigin origin, InteractionEvent event) {
        return new Interaction(origin, event, null, null, List.of(), null, null, null, null, List.of(), List.of(), null);
    }

    public static Interaction rejected(RecordOrigin origin, Failure failure) {
        return new Interaction(origin, null, null, null, List.of(), null, Decision.DEAD_LETTERED,
                failure.message(), failure, List.of(), List.of(), null);
    }

    public boolean pending() {
        return decision == null;
    }

    public boolean deadLettered() {
        return decision == Decision.DEAD_LETTERED;
    }

    public boolean held() {
        return decision == Decision.HELD_FOR_REVIEW;
    }

    public Interaction withRule(TypeRule value) {
        return new Interaction(origin, event, value, match, written, activityId, decision, reason, failure, notes,
                candidates, resolution);
    }

    public Interaction withMatch(Match value) {
        return new Interaction(origin, event, rule, value, written, activityId, decision, reason, failure, notes,
                candidates, resolution);
    }

    /** The decision a person made in the review queue, which the stages honour instead of their own. */
    public Interaction withResolution(Resolution value) {
        return new Interaction(origin, event, rule, match, written, activityId, decision, reason, failure, notes,
                candidates, value);
    }

    public Interaction withWritten(WrittenRecord value) {
        List<WrittenRecord> more = new ArrayList<>(written);
        more.add(value);
        return new Interaction(origin, event, rule, match, more, activityId, decision, reason, failure, notes,
                candidates, resolution);
    }

    /** Adds a line to the decision trace (business-hours verdict, match details) shown in outcomes and dry runs. */
    public Interaction withNote(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new Interaction(origin, event, rule, match, written, activityId, decision, reason, failure, more,
                candidates, resolution);
    }

    public Interaction delivered(String activity) {
        return new Interaction(origin, event, rule, match, written, activity, Decision.DELIVERED, reason, failure,
                notes, candidates, resolution);
    }

    public Interaction skipped(String why) {
        return new Interaction(origin, event, rule, match, written, activityId, Decision.SKIPPED_BY_RULE, why, null,
                notes, candidates, resolution);
    }

    /** Writes nothing and waits for a person, who chooses among {@code choices} (or creates someone, or skips it). */
    public Interaction heldForReview(List<ReviewCandidate> choices, String why) {
        return new Interaction(origin, event, rule, match, written, activityId, Decision.HELD_FOR_REVIEW, why, null,
                notes, choices, resolution);
    }

    public Interaction skippedInReview(String why) {
        return new Interaction(origin, event, rule, match, written, activityId, Decision.SKIPPED_IN_REVIEW, why, null,
                notes, candidates, resolution);
    }

    public Interaction failedWith(Failure why) {
        return new Interaction(origin, event, rule, match, written, activityId, Decision.DEAD_LETTERED,
                why.message(), why, notes, candidates, resolution);
    }
}
