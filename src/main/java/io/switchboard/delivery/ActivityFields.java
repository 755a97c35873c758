package io.switchboard.delivery;

import io.switchboard.model.InteractionEvent;
import io.switchboard.model.rule.TypeRule;
import io.switchboard.salesforce.OrgMetadata;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The standard fields of the Task or Event that logs an interaction (rule mappings are applied on top). */
@Component
class ActivityFields {

    private final OrgMetadata metadata;

    ActivityFields(OrgMetadata metadata) {
        this.metadata = metadata;
    }

    /** @param key the activity's key, named in the marker of a truncated description */
    Map<String, Object> of(InteractionEvent event, TypeRule.ActivityRule rule, String key) {
        return "Event".equals(rule.object()) ? event(event, rule, key) : task(event, rule, key);
    }

    private Map<String, Object> task(InteractionEvent event, TypeRule.ActivityRule rule, String key) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Subject", subject(event, rule, "Task"));
        fields.put("Status", rule.status());
        fields.put("ActivityDate", event.time().withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toString());
        if (isCall(event)) {
            fields.put("TaskSubtype", "Call");
            fields.put("CallType", callType(event, rule));
            duration(event).ifPresent(d -> fields.put("CallDurationInSeconds", (int) d.toSeconds()));
            event.text("call.disposition").ifPresent(v -> fields.put("CallDisposition", fit("Task", "CallDisposition", v)));
        }
        description(event, rule, "Task", key).ifPresent(v -> fields.put("Description", v));
        return fields;
    }

    private Map<String, Object> event(InteractionEvent event, TypeRule.ActivityRule rule, String key) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Subject", subject(event, rule, "Event"));
        OffsetDateTime start = time(event, "call.startTime").orElse(event.time());
        OffsetDateTime end = time(event, "call.endTime")
                .orElseGet(() -> start.plus(duration(event).orElse(Duration.ZERO)));
        if (!end.isAfter(start)) {
            // Salesforce requires an end after the start; a zero-length interaction shows as one minute.
            end = start.plusMinutes(1);
        }
        fields.put("StartDateTime", DeliveryLookups.format(start));
        fields.put("EndDateTime", DeliveryLookups.format(end));
        description(event, rule, "Event", key).ifPresent(v -> fields.put("Description", v));
        return fields;
    }

    private String subject(InteractionEvent event, TypeRule.ActivityRule rule, String sObject) {
        String subject = rule.subject().render(event);
        return fit(sObject, "Subject", subject.isEmpty() ? event.type() : subject);
    }

    private Optional<String> description(InteractionEvent event, TypeRule.ActivityRule rule, String sObject, String key) {
        String text = rule.description().render(event);
        int max = metadata.length(sObject, "Description");
        if (text.length() <= max) {
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        }
        String marker = "\n[... truncated by Switchboard: the full text is in the note \""
                + DeliveryLookups.noteTitle(key) + "\"]";
        return Optional.of(text.substring(0, Math.max(0, max - marker.length())) + marker);
    }

    private String fit(String sObject, String field, String value) {
        return Text.truncate(value, metadata.length(sObject, field));
    }

    private static boolean isCall(InteractionEvent event) {
        return event.type().startsWith("call.") || event.type().equals("voicemail");
    }

    private static Optional<Duration> duration(InteractionEvent event) {
        var node = event.node("call.durationSeconds");
        return node.canConvertToLong() ? Optional.of(Duration.ofSeconds(node.asLong())) : Optional.empty();
    }

    private static Optional<OffsetDateTime> time(InteractionEvent event, String path) {
        try {
            return event.text(path).map(OffsetDateTime::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String callType(InteractionEvent event, TypeRule.ActivityRule rule) {
        if (rule.callType() != null) {
            return rule.callType();
        }
        return event.outbound() ? "Outbound" : "Inbound";
    }
}
