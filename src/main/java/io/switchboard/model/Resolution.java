package io.switchboard.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.model.rule.NewPerson;
import java.io.IOException;
import java.util.Optional;

/**
 * What a person decided for an interaction held for review. It travels with the original event, republished to its
 * input topic, in the Kafka header {@link #HEADER}; the pipeline honours it instead of matching (and the activity
 * keys keep the delivery once, as for any replay).
 *
 * @param action   what to do instead of matching
 * @param recordId {@link Action#DELIVER}: the chosen record's id
 * @param create   {@link Action#CREATE}: Lead or Contact
 * @param by       who decided: an operator's login, {@code jmx}, or {@code re-match} when a matching record appeared
 * @param note     the operator's words (the reason of a skip)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resolution(Action action, String recordId, NewPerson create, String by, String note) {

    /** The Kafka header carrying a resolution on a republished event. */
    public static final String HEADER = "switchboard.review.resolution";

    /**
     * The header carrying the service's signature of {@link #HEADER} (io.switchboard.signing): a decision without
     * it is a producer's, and not followed.
     */
    public static final String SIGNATURE_HEADER = HEADER + ".signature";

    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Action { DELIVER, CREATE, SKIP }

    public static Resolution deliverTo(String recordId, String by, String note) {
        return new Resolution(Action.DELIVER, recordId, null, by, note);
    }

    public static Resolution create(NewPerson whom, String by, String note) {
        return new Resolution(Action.CREATE, null, whom, by, note);
    }

    public static Resolution skip(String by, String note) {
        return new Resolution(Action.SKIP, null, null, by, note);
    }

    /** The header's value. */
    public String toHeader() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("a resolution is always writable", e);
        }
    }

    /** The resolution a header holds; empty when it holds none that this version can follow. */
    public static Optional<Resolution> fromHeader(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            Resolution r = JSON.readValue(value, Resolution.class);
            boolean complete = r.action() != null && switch (r.action()) {
                case DELIVER -> r.recordId() != null && r.recordId().matches("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}");
                case CREATE -> r.create() == NewPerson.LEAD || r.create() == NewPerson.CONTACT;
                case SKIP -> true;
            };
            return complete ? Optional.of(r) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A line for the outcome's notes. */
    public String describe() {
        String who = by == null ? "an operator" : by;
        return switch (action) {
            case DELIVER -> "review: " + who + " chose " + recordId;
            case CREATE -> "review: " + who + " chose to create a " + create.key();
            case SKIP -> "review: " + who + " skipped it" + (note == null ? "" : ": " + note);
        };
    }
}
