package io.switchboard.model;

import io.switchboard.model.InteractionEvent;
import io.switchboard.model.RecordOrigin;
import io.switchboard.model.Match;
import io.switchboard.model.Decision;
import io.switchboard.model.Failure;
import io.switchboard.model.WrittenRecord;
import io.switchboard.model.rule.TypeRule;
import java.util.ArrayList;
import java.util.List;

/**
 * One consumed record on its way through the pipeline: each stage returns a new copy with its part filled in.
 * While it travels it has no {@link #decision()} (null); once a stage decides it, the later stages leave it alone.
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
        List<Participant> participants) {

    public Interaction {
        written = List.copyOf(written);
        notes = List.copyOf(notes);
        participants = participants == null ? List.of() : List.copyOf(participants);
    }

    /** Without participants (an interaction of one person). */
    public Interaction(RecordOrigin origin, InteractionEvent event, TypeRule rule, Match match,
                       List<WrittenRecord> written, String activityId, Decision decision, String reason,
                       Failure failure, List<String> notes) {
        this(origin, event, rule, match, written, activityId, decision, reason, failure, notes, List.of());
    }

    public static Interaction received(RecordOrigin origin, InteractionEvent event) {
        return new Interaction(origin, event, null, null, List.of(), null, null, null, null, List.of());
    }

    public static Interaction rejected(RecordOrigin origin, Failure failure) {
        return new Interaction(origin, null, null, null, List.of(), null, Decision.DEAD_LETTERED,
                failure.message(), failure, List.of());
    }

    public boolean pending() {
        return decision == null;
    }

    public boolean deadLettered() {
        return decision == Decision.DEAD_LETTERED;
    }

    public Interaction withRule(TypeRule value) {
        return new Interaction(origin, event, value, match, written, activityId, decision, reason, failure, notes, participants);
    }

    public Interaction withMatch(Match value) {
        return new Interaction(origin, event, rule, value, written, activityId, decision, reason, failure, notes, participants);
    }

    public Interaction withWritten(WrittenRecord value) {
        List<WrittenRecord> more = new ArrayList<>(written);
        more.add(value);
        return new Interaction(origin, event, rule, match, more, activityId, decision, reason, failure, notes, participants);
    }

    /** The other people on the interaction, with whom matching found for each. */
    public Interaction withParticipants(List<Participant> value) {
        return new Interaction(origin, event, rule, match, written, activityId, decision, reason, failure, notes, value);
    }

    /** Adds a line to the decision trace (business-hours verdict, match details) shown in outcomes and dry runs. */
    public Interaction withNote(String note) {
        List<String> more = new ArrayList<>(notes);
        more.add(note);
        return new Interaction(origin, event, rule, match, written, activityId, decision, reason, failure, more, participants);
    }

    public Interaction delivered(String activity) {
        return new Interaction(origin, event, rule, match, written, activity, Decision.DELIVERED, reason, failure, notes, participants);
    }

    public Interaction skipped(String why) {
        return new Interaction(origin, event, rule, match, written, activityId, Decision.SKIPPED_BY_RULE, why, null, notes, participants);
    }

    public Interaction failedWith(Failure why) {
        return new Interaction(origin, event, rule, match, written, activityId, Decision.DEAD_LETTERED,
                why.message(), why, notes, participants);
    }
}
