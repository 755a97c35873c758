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

    /**
     * Whether the interaction went out from us to the person: the call's {@code direction} when the producer says,
     * else the type ({@code call.outbound}, {@code sms.outbound}).
     */
    public boolean outbound() {
        return text("call.direction").map("outbound"::equals).orElse(type.endsWith(".outbound"));
    }

    /** Where the person's number may be, in order: their own, then the far end of the call, whichever way it went. */
    public java.util.List<String> personPhonePaths() {
        return outbound() ? java.util.List.of("person.phone", "person.mobile", "call.toNumber", "call.dialedNumber")
                : java.util.List.of("person.phone", "person.mobile", "call.fromNumber");
    }

    /**
     * The event as seen from each of {@code data.participants}, in order: the participant is its {@code person}
     * and it names no participants. The call's numbers (from, to, dialed) belong to the primary person, so they are
     * left out of these views: a participant is never matched by the primary person's number.
     */
    public java.util.List<InteractionEvent> participantViews() {
        JsonNode listed = node("participants");
        if (!listed.isArray() || !(data instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) {
            return java.util.List.of();
        }
        java.util.List<InteractionEvent> views = new java.util.ArrayList<>();
        for (JsonNode participant : listed) {
            if (!participant.isObject()) {
                continue;
            }
            com.fasterxml.jackson.databind.node.ObjectNode view = object.deepCopy();
            view.remove("participants");
            view.set("person", participant.deepCopy());
            if (view.path("call") instanceof com.fasterxml.jackson.databind.node.ObjectNode call) {
                call.remove(java.util.List.of("fromNumber", "toNumber", "dialedNumber"));
            }
            views.add(new InteractionEvent(id, source, type, time, subject, view));
        }
        return views;
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
