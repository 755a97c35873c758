package io.switchboard.matching;

import io.switchboard.model.Interaction;
import io.switchboard.model.InteractionEvent;
import io.switchboard.model.Match;
import io.switchboard.model.Participant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The other people on an interaction ({@code data.participants}) are matched with the batch, in the same round of
 * look-ups as everyone else: each becomes one more interaction to match while the batch is matched
 * ({@link #expand}), and what was found for it goes back to its event as a {@link Participant} ({@link #fold}).
 * Someone named twice (the primary person again, or one participant twice) counts once, and a participant with
 * nothing to match on is left out: without an email, number or id they could not be created only once.
 */
final class ParticipantMatches {

    private ParticipantMatches() {
    }

    /** The batch, followed by one interaction per participant of each event that wants matching. */
    static List<Interaction> expand(List<Interaction> batch) {
        List<Interaction> out = new ArrayList<>(batch);
        for (Interaction i : batch) {
            if (wanted(i)) {
                for (InteractionEvent view : i.event().participantViews()) {
                    out.add(Interaction.received(i.origin(), view).withRule(i.rule()));
                }
            }
        }
        return out;
    }

    /** The batch as matched, each event with its participants' matches and notes. */
    static List<Interaction> fold(List<Interaction> batch, List<Interaction> matched) {
        List<Interaction> out = new ArrayList<>(batch.size());
        int next = batch.size();
        for (int b = 0; b < batch.size(); b++) {
            Interaction primary = matched.get(b);
            if (!wanted(batch.get(b))) {
                out.add(primary);
                continue;
            }
            int count = batch.get(b).event().participantViews().size();
            Set<String> seen = new HashSet<>();
            remember(primary.match(), seen);
            List<Participant> participants = new ArrayList<>();
            for (int n = 1; n <= count; n++) {
                Interaction one = matched.get(next++);
                Participant participant = new Participant(n, one.event(), one.match());
                // the last note is the batch's matching cost, already on the primary event
                List<String> notes = one.notes().subList(0, Math.max(0, one.notes().size() - 1));
                if (one.match() == null || (!one.match().found() && one.match().identity() == null)) {
                    primary = primary.withNote(participant.label() + " has no email, number or Salesforce id to match"
                            + " on: left out");
                    continue;
                }
                if (!remember(one.match(), seen)) {
                    primary = primary.withNote(participant.label() + " is someone already named on this interaction:"
                            + " counted once");
                    continue;
                }
                for (String note : notes) {
                    primary = primary.withNote(participant.label() + ": " + note);
                }
                participants.add(participant);
            }
            out.add(primary.withParticipants(participants));
        }
        return out;
    }

    /** False when the person (their record, else their identity) was seen already. */
    private static boolean remember(Match match, Set<String> seen) {
        if (match == null) {
            return true;
        }
        boolean fresh = true;
        if (match.found()) {
            fresh = seen.add("record:" + match.id());
        }
        if (match.identity() != null) {
            fresh = seen.add("identity:" + match.identity()) && fresh;
        }
        return fresh;
    }

    private static boolean wanted(Interaction i) {
        return i.pending() && i.rule() != null && i.event() != null;
    }
}
