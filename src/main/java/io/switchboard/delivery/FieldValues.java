package io.switchboard.delivery;

import io.switchboard.model.InteractionEvent;
import io.switchboard.matching.PhoneNumbers;
import io.switchboard.model.rule.FieldMapping;
import io.switchboard.salesforce.OrgMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Applies a rule's field mappings: values from the event, transformed, written per mode. */
@Component
class FieldValues {

    private final PhoneNumbers phones;
    private final OrgMetadata metadata;

    FieldValues(PhoneNumbers phones, OrgMetadata metadata) {
        this.phones = phones;
        this.metadata = metadata;
    }

    /** Values for a record about to be created: every mapping with a value applies. */
    Map<String, Object> forNew(String sObject, List<FieldMapping> mappings, InteractionEvent event) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldMapping m : mappings) {
            value(sObject, m, event).ifPresent(v -> out.put(m.field(), v));
        }
        return out;
    }

    /**
     * Changes for an existing record, given its current values: {@code fill} only writes an empty field,
     * {@code overwrite} writes a different value, {@code skip} never touches it. A placeholder this service wrote
     * for want of a value (e.g. "[not provided]" as LastName) counts as empty, so the record becomes more complete
     * as later events bring the real values.
     */
    Map<String, Object> forExisting(String sObject, List<FieldMapping> mappings, InteractionEvent event,
                                    Map<String, Object> current, Map<String, String> placeholders) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (FieldMapping m : mappings) {
            if (m.mode() == FieldMapping.Mode.SKIP) {
                continue;
            }
            Optional<String> value = value(sObject, m, event);
            if (value.isEmpty()) {
                continue;
            }
            Object now = current.get(m.field());
            boolean empty = now == null || String.valueOf(now).isBlank()
                    || String.valueOf(now).equals(placeholders.get(m.field()));
            if (m.mode() == FieldMapping.Mode.FILL && !empty) {
                continue;
            }
            if (!value.get().equals(now == null ? null : String.valueOf(now))) {
                out.put(m.field(), value.get());
            }
        }
        return out;
    }

    private Optional<String> value(String sObject, FieldMapping m, InteractionEvent event) {
        Optional<String> value = m.source(event);
        for (FieldMapping.Transform t : m.transforms()) {
            value = switch (t) {
                case TRIM -> value.map(String::trim);
                case LOWERCASE -> value.map(v -> v.toLowerCase(Locale.ROOT));
                case E164 -> value.flatMap(phones::toE164);
                case EMAIL -> value.flatMap(io.switchboard.matching.EmailAddresses::normalize);
                case TRUNCATE -> value.map(v -> Text.truncate(v, metadata.length(sObject, m.field())));
            };
        }
        return value.filter(v -> !v.isEmpty());
    }
}
