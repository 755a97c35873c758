package io.switchboard.delivery;

import io.switchboard.model.rule.TypeRule;
import io.switchboard.rules.OrgRequirement;
import io.switchboard.rules.Rules;
import io.switchboard.salesforce.OrgMetadata;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Every activity object the rules log to has the field that keys its activities (see {@link ActivityKeys}). */
@Component
class ActivityKeyRequirement implements OrgRequirement {

    private final DeliveryProperties properties;
    private final OrgMetadata org;

    ActivityKeyRequirement(DeliveryProperties properties, OrgMetadata org) {
        this.properties = properties;
        this.org = org;
    }

    @Override
    public List<String> problems(Rules rules) {
        List<String> problems = new ArrayList<>();
        for (TypeRule rule : rules.byType().values()) {
            String activity = rule.activity().object();
            if (rule.activity().logsNothing() || org.describe(activity).isEmpty()) {
                continue;
            }
            if (!rule.activity().standard()) {
                // a custom object has no CallObject to fall back on: its key field is required
                String field = ActivityKeys.field(rule.activity(), properties);
                if (field == null || org.field(activity, field).isEmpty()) {
                    problems.add(rules.place(rule.type(), "activity", rule.activity().keyField() == null ? "object" : "keyField")
                            + ": " + activity + " has no field " + (field == null ? "to key its records" : field)
                            + "; create it as Text(255), External ID, Unique (or name another with 'keyField'), so that"
                            + " a replay finds the record it wrote");
                }
            } else if (properties.hasEventIdField() && org.field(activity, properties.eventIdField()).isEmpty()) {
                problems.add("switchboard.delivery.event-id-field: " + activity + " has no field "
                        + properties.eventIdField() + " (used by " + rules.place(rule.type(), "activity", "object")
                        + "); create it as Text(255), External ID, Unique, or set the setting blank to key activities "
                        + "by CallObject");
            }
        }
        return problems;
    }
}
