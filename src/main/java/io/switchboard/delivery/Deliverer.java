package io.switchboard.delivery;

import io.switchboard.flow.Interaction;
import io.switchboard.matching.Match;
import io.switchboard.matching.QueryText;
import io.switchboard.outcome.Failure;
import io.switchboard.outcome.WrittenRecord;
import io.switchboard.rules.TypeRule;
import io.switchboard.salesforce.SalesforceGateway;
import io.switchboard.salesforce.SalesforceRejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Writes each matched event to Salesforce: the person when the rule creates one, then the activity. A record
 * Salesforce rejects fails its own event only; an unavailable Salesforce fails the batch, which is retried whole,
 * and the writes are idempotent so a retry adds nothing twice: the activity is keyed by the event id, and a person
 * created on the first try is matched (by exact query) on the second.
 */
@Component("deliverer")
public class Deliverer {

    private final SalesforceGateway salesforce;
    private final PersonFields people;
    private final ActivityFields activities;
    private final DeliveryProperties properties;

    public Deliverer(SalesforceGateway salesforce, PersonFields people, ActivityFields activities,
                     DeliveryProperties properties) {
        this.salesforce = salesforce;
        this.people = people;
        this.activities = activities;
        this.properties = properties;
    }

    public List<Interaction> deliver(List<Interaction> batch) {
        List<Interaction> out = new ArrayList<>(batch.size());
        for (Interaction interaction : batch) {
            out.add(interaction.pending() && interaction.rule() != null ? deliverOne(interaction) : interaction);
        }
        return out;
    }

    private Interaction deliverOne(Interaction interaction) {
        TypeRule rule = interaction.rule();
        Interaction current = interaction;
        String step = "match";
        try {
            Match match = current.match() == null ? Match.none() : current.match();
            String whoId = match.id();
            if (!match.found()) {
                if (rule.whenNoMatch().createsNothing()) {
                    if (rule.activity().logsNothing()) {
                        return current.skipped("Nobody matched and the rule for '" + rule.type() + "' creates nothing");
                    }
                } else {
                    String sObject = rule.whenNoMatch().create();
                    step = "create " + sObject;
                    whoId = salesforce.create(sObject, people.forNew(sObject, current.event(), rule.whenNoMatch()));
                    current = current.withWritten(new WrittenRecord(sObject, whoId, WrittenRecord.CREATED));
                }
            }
            String activityId = null;
            if (!rule.activity().logsNothing()) {
                step = "log Task";
                Map<String, Object> task = activities.task(current.event(), rule.activity(), whoId);
                WrittenRecord written = writeTask(current.event().id(), task);
                current = current.withWritten(written);
                activityId = written.id();
            }
            return current.delivered(activityId);
        } catch (SalesforceRejection rejected) {
            return current.deadLettered(new Failure(rejected.error().code(),
                    "Salesforce rejected the " + step.replace("create ", "new ").replace("log ", "") + ": "
                            + rejected.error().message()
                            + (rejected.error().fields().isEmpty() ? "" : " (fields " + rejected.error().fields() + ")")
                            + ". Fix the event or the rule, then replay it from the dead-letter topic.",
                    "delivery: " + step));
        }
    }

    private WrittenRecord writeTask(String eventId, Map<String, Object> task) {
        if (properties.hasEventIdField()) {
            SalesforceGateway.Upserted upserted = salesforce.upsert("Task", properties.eventIdField(), eventId, task);
            return new WrittenRecord("Task", upserted.id(), upserted.created() ? WrittenRecord.CREATED : WrittenRecord.UPDATED);
        }
        task.put("CallObject", eventId);
        var existing = salesforce.query("SELECT Id FROM Task WHERE CallObject = " + QueryText.soqlLiteral(eventId) + " LIMIT 1");
        if (!existing.isEmpty()) {
            String id = existing.get(0).path("Id").asText();
            salesforce.update("Task", id, task);
            return new WrittenRecord("Task", id, WrittenRecord.UPDATED);
        }
        return new WrittenRecord("Task", salesforce.create("Task", task), WrittenRecord.CREATED);
    }
}
