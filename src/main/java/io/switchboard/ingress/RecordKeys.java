package io.switchboard.ingress;

import io.switchboard.model.InteractionEvent;
import java.util.Locale;

/**
 * The Kafka key of an event the ingress writes, as the contract asks of every producer: a stable key for the person,
 * so that one person's events share a partition and are handled in order. The producer's own choice when it sent
 * one, the CloudEvents {@code partitionkey} extension (the Kafka binding maps it to the record key); else the
 * person's email (trimmed, lower case), else their number as the event gives it, else the interaction
 * ({@code subject}), else the event id.
 */
final class RecordKeys {

    static final String PARTITION_KEY = "partitionkey";

    private RecordKeys() {
    }

    static String of(com.fasterxml.jackson.databind.JsonNode envelope, InteractionEvent event) {
        String given = envelope == null ? "" : envelope.path(PARTITION_KEY).asText("").trim();
        return given.isEmpty() ? of(event) : given;
    }

    static String of(InteractionEvent event) {
        String email = event.node("person.email").asText("").trim();
        if (!email.isEmpty()) {
            return email.toLowerCase(Locale.ROOT);
        }
        for (String path : event.personPhonePaths()) {
            String number = event.node(path).asText("").trim();
            if (!number.isEmpty()) {
                return number;
            }
        }
        return event.subject() != null ? event.subject() : event.id();
    }
}
