package io.switchboard.model.rule;

import io.switchboard.model.InteractionEvent;
import java.util.Optional;

/**
 * How rules name a value of an event: the envelope attributes {@code id}, {@code source}, {@code type},
 * {@code subject} and {@code time} by name, everything else as a dotted path under {@code data}
 * (e.g. {@code person.email}, {@code call.durationSeconds}).
 */
final class EventPaths {

    private EventPaths() {
    }

    static Optional<String> text(InteractionEvent event, String path) {
        return switch (path) {
            case "id" -> Optional.of(event.id());
            case "source" -> Optional.of(event.source());
            case "type" -> Optional.of(event.type());
            case "subject" -> Optional.ofNullable(event.subject());
            case "time" -> Optional.of(event.time().toString());
            case "person.name" -> readable(event.node(path)).or(() -> fullName(event));
            default -> readable(event.node(path));
        };
    }

    /** A person's name from first and last name, for events that give those and no {@code name}. */
    private static Optional<String> fullName(InteractionEvent event) {
        String joined = (event.text("person.firstName").orElse("") + " " + event.text("person.lastName").orElse("")).trim();
        return joined.isEmpty() ? Optional.empty() : Optional.of(joined);
    }

    /** Text as it reads in Salesforce: a list joined with commas, an object as one "key: value" line per member. */
    private static Optional<String> readable(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isArray()) {
            java.util.List<String> items = new java.util.ArrayList<>();
            node.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
            return items.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", items));
        }
        if (node.isObject()) {
            StringBuilder out = new StringBuilder();
            node.fields().forEachRemaining(e -> out.append(out.isEmpty() ? "" : "\n").append(e.getKey()).append(": ")
                    .append(e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
            return out.isEmpty() ? Optional.empty() : Optional.of(out.toString());
        }
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        String text = node.asText().trim();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    static boolean exists(InteractionEvent event, String path) {
        return switch (path) {
            case "id", "source", "type", "time" -> true;
            case "subject" -> event.subject() != null;
            case "person.name" -> text(event, path).isPresent();
            default -> {
                var node = event.node(path);
                yield !node.isMissingNode() && !node.isNull()
                        && !(node.isTextual() && node.asText().isBlank());
            }
        };
    }
}
