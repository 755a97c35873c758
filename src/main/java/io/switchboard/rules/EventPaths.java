package io.switchboard.rules;

import io.switchboard.event.InteractionEvent;
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
            default -> event.text(path);
        };
    }

    static boolean exists(InteractionEvent event, String path) {
        return switch (path) {
            case "id", "source", "type", "time" -> true;
            case "subject" -> event.subject() != null;
            default -> {
                var node = event.node(path);
                yield !node.isMissingNode() && !node.isNull()
                        && !(node.isTextual() && node.asText().isBlank());
            }
        };
    }
}
