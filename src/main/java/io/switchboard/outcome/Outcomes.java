package io.switchboard.outcome;

import io.switchboard.model.Failure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.model.Interaction;
import io.switchboard.model.Match;
import io.switchboard.privacy.Pii;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/** Turns a finished interaction into its outcome record, and into the one readable line that logs it. */
@Component("outcomes")
public class Outcomes {

    private final ObjectMapper json;
    private final RecordLinks links;
    private final OutcomeCounters counters;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    public Outcomes(ObjectMapper json, RecordLinks links, OutcomeCounters counters,
                    io.micrometer.core.instrument.MeterRegistry meters) {
        this.json = json;
        this.links = links;
        this.counters = counters;
        this.meters = meters;
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
                io.switchboard.model.Texts.cut(i.reason(), RecordLimits.MAX_HEADER_CHARS),
                matched,
                records,
                activity,
                i.failure() == null ? List.of() : List.of(RecordLimits.bounded(i.failure())),
                i.notes().isEmpty() ? null : bounded(i.notes()),
                new Outcome.Origin(i.origin().topic(), i.origin().partition(), i.origin().offset()),
                Instant.now().toString(),
                i.held() ? i.candidates().stream().map(c -> new Outcome.Candidate(c.id(), c.sObject(),
                        io.switchboard.model.Texts.cut(c.name(), RecordLimits.MAX_NOTE_CHARS), c.why(),
                        links.url(c.sObject(), c.id()))).toList() : null,
                review(i.resolution()),
                i.origin().replayOf());
    }

    private static Outcome.Review review(io.switchboard.model.Resolution r) {
        return r == null ? null : new Outcome.Review(r.action().name().toLowerCase(java.util.Locale.ROOT),
                r.recordId(), r.create() == null ? null : r.create().key(), r.by(),
                io.switchboard.model.Texts.cut(r.note(), RecordLimits.MAX_NOTE_CHARS));
    }

    private static List<String> bounded(List<String> notes) {
        List<String> out = notes.stream().limit(RecordLimits.MAX_NOTES).map(n -> io.switchboard.model.Texts.cut(n, RecordLimits.MAX_NOTE_CHARS))
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        if (notes.size() > RecordLimits.MAX_NOTES) {
            out.add("… " + (notes.size() - RecordLimits.MAX_NOTES) + " more notes not shown");
        }
        return out;
    }

    /**
     * The body, a batch of {@link Interaction}s, becomes the list of their outcome records (JSON, keyed like the
     * consumed record), sent to Kafka together; the batch waits in a property to be logged once they are sent.
     */
    public List<Message> toOutcomeRecords(Exchange exchange) throws JsonProcessingException {
        @SuppressWarnings("unchecked")
        List<Interaction> batch = exchange.getMessage().getBody(List.class);
        List<Message> records = new ArrayList<>(batch.size());
        for (Interaction interaction : batch) {
            Message m = new DefaultMessage(exchange);
            if (interaction.origin().key() != null) {
                m.setHeader(KafkaConstants.KEY, RecordLimits.key(interaction.origin().key()));
            }
            m.setBody(json.writeValueAsString(outcome(interaction)));
            records.add(m);
        }
        exchange.setProperty(BATCH, batch);
        return records;
    }

    /** Once the batch's outcome records are written: counts them, and logs one line for each. */
    public void recorded(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Interaction> batch = exchange.getProperty(BATCH, List.class);
        for (Interaction interaction : batch == null ? List.<Interaction>of() : batch) {
            counters.count(interaction.decision());
            count(interaction);
            log.info(line(interaction));
        }
        measureBatch(exchange, batch == null ? 0 : batch.size());
    }

    /**
     * A route exchange is a batch of records: its size, and how long it took from the poll that made it to its
     * outcomes written ({@code switchboard_batch_*} in Prometheus), so an operator can see batching at work.
     */
    private void measureBatch(Exchange exchange, int records) {
        io.micrometer.core.instrument.DistributionSummary.builder("switchboard.batch.size").baseUnit("records")
                .description("Records per batch, counted when the batch's outcomes are written")
                .register(meters).record(records);
        io.micrometer.core.instrument.Timer.builder("switchboard.batch.duration")
                .description("From the poll that made a batch to its outcomes written")
                .register(meters).record(java.time.Duration.ofMillis(exchange.getClock().elapsed()));
    }

    /**
     * The outcome as a counter ({@code switchboard_outcomes_total} in Prometheus) by decision, event type and error
     * code. The type is the rule's (bounded by the rules file), not the producer's text, which could be anything.
     */
    private void count(Interaction interaction) {
        String type = interaction.rule() != null ? interaction.rule().type() : interaction.event() == null ? "unparseable" : "no-rule";
        String code = interaction.failure() == null ? "none" : io.switchboard.model.Texts.cut(interaction.failure().code(), 60);
        meters.counter("switchboard.outcomes", "decision", interaction.decision().label(), "type", type, "code", code)
                .increment();
    }

    private static final String BATCH = "switchboardOutcomeBatch";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("io.switchboard.outcome");

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
            line.append(" reason=\"").append(io.switchboard.model.Texts.cut(i.reason(), 500)).append('"');
        }
        // Producers choose event ids and write reasons from event data: the whole line is masked.
        return Pii.mask(line.toString());
    }
}
