package io.switchboard.console.replay;

import io.switchboard.console.audit.AuditLog;
import io.switchboard.console.audit.Operator;
import io.switchboard.console.store.DeadLetterQueries;
import io.switchboard.console.store.DeadLetterRow;
import io.switchboard.dryrun.DryRun;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What an operator can do with dead letters — dry run, replay (one, a selection, a whole group), discard with a
 * note — the same for the pages, the JSON API and JMX, each action audited with its result.
 */
@Component
public class DeadLetterActions {

    /** The result of an action on several letters: one line per letter. */
    public record Outcome(int done, int refused, List<String> details) {
        public String summary() {
            return done + " done" + (refused > 0 ? ", " + refused + " refused" : "");
        }
    }

    private final DeadLetterQueries letters;
    private final Replayer replayer;
    private final DryRun dryRun;
    private final AuditLog audit;

    public DeadLetterActions(DeadLetterQueries letters, Replayer replayer, DryRun dryRun, AuditLog audit) {
        this.letters = letters;
        this.replayer = replayer;
        this.dryRun = dryRun;
        this.audit = audit;
    }

    /** What would happen to the letter's record if it were replayed now: the dry run, nothing written. */
    public DryRun.Report dryRun(long id, Operator who) {
        DeadLetterRow letter = letters.get(id).orElseThrow(() -> new NoSuchDeadLetter(id));
        DryRun.Report report = dryRun.explain(letter.value() == null ? new byte[0] : letter.value());
        audit.record(who, "dry-run", letter.reference(), report.decision()
                + (report.reason() == null ? "" : ": " + report.reason()), null);
        return report;
    }

    public Outcome replay(Collection<Long> ids, Operator who) {
        List<DeadLetterRow> found = letters.byIds(ids);
        if (found.size() != ids.size()) {
            throw new NoSuchDeadLetter(ids.stream().filter(i -> found.stream().noneMatch(f -> f.id() == i)).findFirst().orElse(-1L));
        }
        return replayAll(found, who, "replay", describe(found));
    }

    /** Every open letter of one error code and step. */
    public Outcome replayGroup(String code, String step, Operator who) {
        List<DeadLetterRow> group = letters.inGroup(code, step, true, 10_000);
        return replayAll(group, who, "replay-group", "group " + code + " / " + step + ": " + describe(group));
    }

    private Outcome replayAll(List<DeadLetterRow> batch, Operator who, String action, String target) {
        int done = 0;
        List<String> details = new ArrayList<>();
        for (DeadLetterRow letter : batch) {
            // taken first, so that two operators (or two instances sharing the store) never replay one letter twice
            if (!letters.claim(letter.id(), "replayed", who.name(), "being replayed")) {
                details.add(letter.reference() + ": not replayed: " + settledAlready(letter.id()));
                continue;
            }
            Replayer.Result r;
            try {
                r = replayer.replay(letter);
            } catch (RuntimeException e) {
                // given back, so that the letter can be replayed again, not left "being replayed" for good
                letters.reopen(letter.id());
                throw e;
            }
            if (r.published()) {
                done++;
                letters.settle(letter.id(), "replayed", who.name(), r.detail());
            } else {
                letters.reopen(letter.id());
            }
            details.add(letter.reference() + ": " + (r.published() ? r.detail() : "not replayed: " + r.detail()));
        }
        Outcome outcome = new Outcome(done, batch.size() - done, details);
        audit.record(who, action, target, outcome.summary() + "; " + String.join("; ", details), null);
        return outcome;
    }

    public Outcome discard(Collection<Long> ids, String note, Operator who) {
        if (note == null || note.isBlank()) {
            throw new IllegalArgumentException("A discard needs a note saying why (it is kept in the audit)");
        }
        List<DeadLetterRow> found = letters.byIds(ids);
        List<String> details = new ArrayList<>();
        int done = 0;
        for (DeadLetterRow letter : found) {
            if (letters.claim(letter.id(), "discarded", who.name(), note.strip())) {
                done++;
                details.add(letter.reference() + ": discarded");
            } else {
                details.add(letter.reference() + ": not discarded: " + settledAlready(letter.id()));
            }
        }
        Outcome outcome = new Outcome(done, ids.size() - done, details);
        audit.record(who, "discard", describe(found), outcome.summary()
                + (done == found.size() ? "" : "; " + String.join("; ", details)), note.strip());
        return outcome;
    }

    /** Why a letter was not taken: what was done with it, by whom. */
    private String settledAlready(long id) {
        return letters.get(id).map(l -> "already " + l.status() + " by " + l.settledBy()
                + (l.settledAt() == null ? "" : " at " + l.settledAt())).orElse("no longer in the console's store");
    }

    private static String describe(List<DeadLetterRow> batch) {
        StringBuilder s = new StringBuilder();
        for (DeadLetterRow l : batch) {
            if (s.length() > 1500) {
                s.append(" and more");
                break;
            }
            s.append(s.isEmpty() ? "" : ", ").append(l.reference());
        }
        return batch.size() + " dead letter" + (batch.size() == 1 ? "" : "s") + (batch.isEmpty() ? "" : " (" + s + ")");
    }

    /** No dead letter with that id in this store. */
    public static class NoSuchDeadLetter extends RuntimeException {
        public NoSuchDeadLetter(long id) {
            super("No dead letter " + id + " in the console's store");
        }
    }
}
