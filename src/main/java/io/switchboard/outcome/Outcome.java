package io.switchboard.outcome;

import io.switchboard.model.Failure;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The sync log entry published on the outcomes topic for every consumed record: what happened to it, which
 * Salesforce records it matched and wrote (with links for producers' screens), and why it failed if it did.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Outcome(
        String eventId,
        String type,
        String source,
        String subject,
        String decision,
        String reason,
        Matched matched,
        List<Link> records,
        Link activity,
        List<Failure> errors,
        List<String> notes,
        Origin origin,
        String processedAt,
        List<Candidate> candidates,
        Review review,
        String replayOf) {

    /** A record a held interaction may belong to ({@code decision: held-for-review}), with its link. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Candidate(String id, String object, String name, String why, String url) {
    }

    /** What a person decided in the review queue, on the outcome of the event that came back with it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Review(String action, String recordId, String create, String by, String note) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Matched(String object, String id, String by, String accountId, String url, List<String> alsoMatched) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Link(String object, String id, String action, String url) {
    }

    public record Origin(String topic, int partition, long offset) {
    }
}
