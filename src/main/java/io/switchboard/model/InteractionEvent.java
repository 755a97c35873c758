package io.switchboard.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * One interaction event as the producer published it: a CloudEvents 1.0 envelope around {@code data}.
 * {@code data} stays a JSON tree so that members this version does not know are kept, not rejected.
 */
public record InteractionEvent(
        String id, String source, String type, OffsetDateTime time, String subject, JsonNode data) {

    /** The node at a dotted path under {@code data} (e.g. {@code person.email}), or a missing node. */
    public JsonNode node(String path) {
        JsonNode current = data;
        for (String part : path.split("\\.")) {
            if (current == null || !current.isObject()) {
                return MissingNode.getInstance();
            }
            current = current.path(part);
        }
        return current == null ? MissingNode.getInstance() : current;
    }

    /** The trimmed text at a dotted path under {@code data}; empty when absent, null or blank. */
    public Optional<String> text(String path) {
        JsonNode node = node(path);
        if (node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return Optional.empty();
        }
        String value = node.asText().trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
