package io.switchboard.outcome;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.flow.Interaction;
import io.switchboard.matching.Match;
import io.switchboard.operations.Pii;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/** Turns a finished interaction into its outcome record, and into the one readable line that logs it. */
@Component("outcomes")
public class Outcomes {

    private final ObjectMapper json;
    private final RecordLinks links;
    private final OutcomeCounters counters;

    public Outcomes(ObjectMapper json, RecordLinks links, OutcomeCounters counters) {
        this.json = json;
        this.links = links;
        this.counters = counters;
    }

    public Outcome outcome(Interaction i) {
        var event = i.event();
        Match m = i.match();
        Outcome.Matched matched = m == null || !m.found() ? null
                : new Outcome.Matched(m.sObject(), m.id(), m.by(), m.accountId(), links.url(m.sObject(), m.id()),
                m.alsoMatched().isEmpty() ? null : m.alsoMatched());
        List<Outcome.Link> records = i.written().stream()
                .filter(w -> !w.id().equals(i.activityId()))
                .map(w -> new Outcome.Link(w.sObject(), w.id(), w.action(), links.url(w.sObject(), w.id()))).toList();
        Outcome.Link activity = i.written().stream().filter(w -> w.id().equals(i.activityId())).findFirst()
                .map(w -> new Outcome.Link(w.sObject(), w.id(), w.action(), links.url(w.sObject(), w.id())))
                .orElse(null);
        return new Outcome(
                event == null ? null : event.id(),
                event == null ? null : event.type(),
                event == null ? null : event.source(),
                event == null ? null : event.subject(),
                i.decision().label(),
                i.reason(),
                matched,
                records,
                activity,
                i.failure() == null ? List.of() : List.of(i.failure()),
                i.notes().isEmpty() ? null : i.notes(),
                new Outcome.Origin(i.origin().topic(), i.origin().partition(), i.origin().offset()),
                Instant.now().toString());
    }

    /** Replaces the body (an {@link Interaction}) with its outcome as JSON, keyed like the consumed record. */
    public void toOutcomeRecord(Exchange exchange) throws JsonProcessingException {
        Interaction interaction = exchange.getMessage().getBody(Interaction.class);
        counters.count(interaction.decision());
        exchange.setProperty("switchboardOutcomeLine", line(interaction));
        exchange.getMessage().removeHeaders("*");
        if (interaction.origin().key() != null) {
            exchange.getMessage().setHeader(KafkaConstants.KEY, interaction.origin().key());
        }
        exchange.getMessage().setBody(json.writeValueAsString(outcome(interaction)));
    }

    /** One line for people reading the log; emails and phone numbers never appear in full. */
    public String line(Interaction i) {
        StringBuilder line = new StringBuilder(i.decision().label().toUpperCase());
        if (i.event() != null) {
            line.append(' ').append(i.event().type()).append(" event=").append(i.event().id());
        } else {
            line.append(" record=").append(i.origin().describe());
        }
        if (i.match() != null && i.match().found()) {
            line.append(" matched=").append(i.match().sObject()).append(':').append(i.match().id())
                    .append(" by ").append(i.match().by());
        }
        i.written().forEach(w -> line.append(' ').append(w.action()).append('=').append(w.sObject()).append(':').append(w.id()));
        if (i.reason() != null) {
            line.append(" reason=\"").append(i.reason()).append('"');
        }
        // Producers choose event ids and write reasons from event data: the whole line is masked.
        return Pii.mask(line.toString());
    }
}
