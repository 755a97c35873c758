package io.switchboard.review;

import io.switchboard.model.rule.Keyed;
import io.switchboard.model.rule.NewPerson;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedOperationParameters;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/**
 * The review queue over JMX ({@code io.switchboard:type=ReviewQueue}, in Hawtio too): how many wait, and the
 * actions. Each answers in one line what came of it; each is audited under the caller's name (Jolokia and Hawtio
 * run them in the logged-in request), or as {@code jmx} for a JMX client Spring Security never saw.
 */
@Component
@ManagedResource(objectName = "io.switchboard:type=ReviewQueue", description = "Interactions held for review")
public class ReviewOperations {

    static final String ACTOR = "jmx";

    private final ReviewService review;

    public ReviewOperations(ReviewService review, io.micrometer.core.instrument.MeterRegistry meters) {
        this.review = review;
        // for Prometheus and the console's overview: how many wait now
        io.micrometer.core.instrument.Gauge.builder("switchboard.review.waiting", review, r -> r.waiting().size())
                .description("Interactions held for review, waiting for a person").register(meters);
    }

    @ManagedAttribute(description = "Interactions waiting for a person")
    public int getWaiting() {
        return review.waiting().size();
    }

    @ManagedAttribute(description = "Whether this instance has read the whole queue since it started")
    public boolean isReady() {
        return review.ready();
    }

    @ManagedOperation(description = "Event ids of the waiting interactions, oldest first")
    public java.util.List<String> waitingEventIds() {
        return review.waiting().stream().map(ReviewItem::eventId).toList();
    }

    @ManagedOperation(description = "Deliver a held interaction to a record (a Contact, Lead or Account id)")
    @ManagedOperationParameters({
            @ManagedOperationParameter(name = "eventId", description = "the held event's id"),
            @ManagedOperationParameter(name = "recordId", description = "the Salesforce id of the record")})
    public String deliver(String eventId, String recordId) {
        return line(review.deliverTo(eventId, recordId, actor(), null));
    }

    @ManagedOperation(description = "Create a Lead or a Contact for a held interaction and deliver it")
    @ManagedOperationParameters({
            @ManagedOperationParameter(name = "eventId", description = "the held event's id"),
            @ManagedOperationParameter(name = "object", description = "Lead or Contact")})
    public String create(String eventId, String object) {
        return line(review.create(eventId, Keyed.fromKey(NewPerson.class, object).orElse(null), actor(), null));
    }

    @ManagedOperation(description = "Skip a held interaction: nothing is written, its outcome says why")
    @ManagedOperationParameters({
            @ManagedOperationParameter(name = "eventId", description = "the held event's id"),
            @ManagedOperationParameter(name = "reason", description = "why it is skipped")})
    public String skip(String eventId, String reason) {
        return line(review.skip(eventId, reason, actor()));
    }

    @ManagedOperation(description = "Match every waiting interaction again now")
    public String rematch() {
        Rematch.Report r = review.rematch(actor());
        return r.waiting() + " waiting, " + r.delivered() + " delivered, " + r.requests() + " Salesforce requests"
                + (r.problem() == null ? "" : "; " + r.problem());
    }

    private static String actor() {
        org.springframework.security.core.Authentication caller =
                org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
        return caller == null || !caller.isAuthenticated()
                || caller instanceof org.springframework.security.authentication.AnonymousAuthenticationToken
                ? ACTOR : caller.getName() + " (" + ACTOR + ")";
    }

    private static String line(ActionResult result) {
        return result.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + result.message();
    }
}
