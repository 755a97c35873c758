package io.switchboard.model.rule;

import io.switchboard.model.rule.EventPaths;
import io.switchboard.model.rule.Template;

import io.switchboard.model.InteractionEvent;
import java.util.List;
import java.util.Optional;

/**
 * One Salesforce field the rule fills from the event.
 *
 * @param path      an event path to read (one of path, template, value is set)
 * @param template  a template over the event
 * @param value     a constant
 * @param mode      when to write it on an existing record
 * @param transforms applied in order to the value
 */
public record FieldMapping(String field, String path, Template template, String value, Mode mode,
                           List<Transform> transforms) {

    public enum Mode implements Keyed {
        /** Only when the record's field is empty (always on a new record). */
        FILL,
        /** Always. */
        OVERWRITE,
        /** Only on a new record; never touch an existing one. */
        SKIP
    }

    public enum Transform implements Keyed { TRIM, TRUNCATE, E164, LOWERCASE, EMAIL }

    public FieldMapping {
        transforms = List.copyOf(transforms);
    }

    /** The raw value before transforms, or empty when the event has none. */
    public Optional<String> source(InteractionEvent event) {
        if (value != null) {
            return Optional.of(value);
        }
        if (template != null) {
            return Optional.of(template.render(event)).filter(s -> !s.isEmpty());
        }
        return EventPaths.text(event, path);
    }

    public String describeSource() {
        return value != null ? "the constant '" + value + "'" : template != null ? "the template \"" + template + "\"" : path;
    }
}
