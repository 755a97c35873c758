package io.switchboard.delivery;

import io.switchboard.event.InteractionEvent;
import io.switchboard.rules.TypeRule;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The fields of the Task that logs an interaction. */
@Component
class ActivityFields {

    Map<String, Object> task(InteractionEvent event, TypeRule.ActivityRule rule, String whoId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String subject = rule.subject().render(event);
        fields.put("Subject", Text.truncate(subject.isEmpty() ? event.type() : subject, 255));
        fields.put("Status", rule.status());
        fields.put("ActivityDate", event.time().withOffsetSameInstant(ZoneOffset.UTC).toLocalDate().toString());
        if (whoId != null) {
            fields.put("WhoId", whoId);
        }
        if (isCall(event)) {
            fields.put("TaskSubtype", "Call");
            callType(event, rule).ifPresent(v -> fields.put("CallType", v));
            if (event.node("call.durationSeconds").canConvertToInt()) {
                fields.put("CallDurationInSeconds", event.node("call.durationSeconds").asInt());
            }
            event.text("call.disposition").ifPresent(v -> fields.put("CallDisposition", Text.truncate(v, 255)));
        }
        String description = rule.description().render(event);
        if (!description.isEmpty()) {
            fields.put("Description", Text.truncate(description, 32_000));
        }
        return fields;
    }

    private static boolean isCall(InteractionEvent event) {
        return event.type().startsWith("call.") || event.type().equals("voicemail");
    }

    private static Optional<String> callType(InteractionEvent event, TypeRule.ActivityRule rule) {
        if (rule.callType() != null) {
            return Optional.of(rule.callType());
        }
        String direction = event.text("call.direction")
                .orElse(event.type().equals("call.outbound") ? "outbound" : "inbound");
        return Optional.of("outbound".equals(direction) ? "Outbound" : "Inbound");
    }
}
