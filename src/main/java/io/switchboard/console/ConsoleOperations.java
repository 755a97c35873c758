package io.switchboard.console;

import io.switchboard.console.audit.Operator;
import io.switchboard.console.replay.DeadLetterActions;
import io.switchboard.console.store.DeadLetterQueries;
import java.util.List;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedOperationParameters;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/** The console's dead-letter actions over JMX (and so in Hawtio, through Jolokia), audited like the others. */
@Component
@ManagedResource(objectName = "io.switchboard:type=Console", description = "Dead letters: replay and discard")
public class ConsoleOperations {

    private final DeadLetterActions actions;
    private final DeadLetterQueries letters;

    public ConsoleOperations(DeadLetterActions actions, DeadLetterQueries letters) {
        this.actions = actions;
        this.letters = letters;
    }

    @ManagedAttribute(description = "Dead letters neither replayed nor discarded")
    public long getOpenDeadLetters() {
        return letters.openCount();
    }

    @ManagedAttribute(description = "Dead-letter groups: error code | step | open/all")
    public List<String> getDeadLetterGroups() {
        return letters.groups().stream().map(g -> g.errorCode() + " | " + g.errorStep() + " | " + g.open() + "/" + g.count()).toList();
    }

    @ManagedOperation(description = "Replay every open dead letter of one error code and step; returns what became of each")
    @ManagedOperationParameters({
        @ManagedOperationParameter(name = "errorCode", description = "e.g. INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"),
        @ManagedOperationParameter(name = "errorStep", description = "e.g. delivery: create Lead")})
    public List<String> replayDeadLetterGroup(String errorCode, String errorStep) {
        DeadLetterActions.Outcome o = actions.replayGroup(errorCode, errorStep, Operator.current(Operator.JMX));
        return concat(o);
    }

    @ManagedOperation(description = "Replay one dead letter by its console id")
    @ManagedOperationParameters(@ManagedOperationParameter(name = "id", description = "the dead letter's id in the console"))
    public List<String> replayDeadLetter(long id) {
        return concat(actions.replay(List.of(id), Operator.current(Operator.JMX)));
    }

    @ManagedOperation(description = "Discard one dead letter, with a note saying why")
    @ManagedOperationParameters({
        @ManagedOperationParameter(name = "id", description = "the dead letter's id in the console"),
        @ManagedOperationParameter(name = "note", description = "why it is discarded (kept in the audit)")})
    public String discardDeadLetter(long id, String note) {
        return actions.discard(List.of(id), note, Operator.current(Operator.JMX)).summary();
    }

    private static List<String> concat(DeadLetterActions.Outcome o) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(o.summary()), o.details().stream()).toList();
    }
}
