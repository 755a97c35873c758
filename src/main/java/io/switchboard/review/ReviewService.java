package io.switchboard.review;

import io.switchboard.model.Resolution;
import io.switchboard.model.rule.NewPerson;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The review queue's actions, for the console, the JSON API and JMX alike: read the queue and its audit trail;
 * deliver a held interaction to a record, create a Lead or Contact for it, or skip it; match the held ones again.
 * <p>
 * A decision is made once (see {@link Resolver}): the interaction's state becomes {@code resolved} on the queue topic (so no instance
 * takes a second decision), then its original record is published again, key and value unchanged, to the topic it
 * came from, with the decision in the header {@link Resolution#HEADER}. The pipeline honours the header instead of
 * matching and writes as for any event (the activity keys keep it once, whatever is replayed), and removes the
 * interaction from the queue when its new outcome is recorded. Every action, refused ones too, goes to the audit
 * topic.
 */
@Service
public class ReviewService {

    /** Key prefixes of the records an interaction can be delivered to: Contact, Lead, Account. */
    private static final List<String> PERSON_PREFIXES = List.of("003", "00Q", "001");

    private final ReviewQueue queue;
    private final Resolver resolver;
    private final Rematch rematch;

    ReviewService(ReviewQueue queue, Resolver resolver, Rematch rematch) {
        this.queue = queue;
        this.resolver = resolver;
        this.rematch = rematch;
    }

    /** Interactions waiting for a person, oldest first. */
    public List<ReviewItem> waiting() {
        return queue.waiting();
    }

    /** Everything in the queue: waiting, and decided but not yet through the pipeline again. */
    public List<ReviewItem> all() {
        return queue.all();
    }

    public Optional<ReviewItem> item(String eventId) {
        return queue.item(eventId);
    }

    /** The latest audit entries, newest first; {@code eventId} null for all. */
    public List<AuditEntry> audit(String eventId, int limit) {
        return queue.audit(eventId, Math.max(0, limit));
    }

    /** Whether this instance has read the whole queue since it started (until then it may show too little). */
    public boolean ready() {
        return queue.caughtUp();
    }

    /** Delivers the interaction to a record (a candidate, or any Contact, Lead or Account), as if it had matched. */
    public ActionResult deliverTo(String eventId, String recordId, String actor, String note) {
        String id = recordId == null ? "" : recordId.trim();
        if (!id.matches("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}") || PERSON_PREFIXES.stream().noneMatch(id::startsWith)) {
            return resolver.refused(eventId, "deliver", actor, ActionResult.Status.INVALID, "'" + io.switchboard.model.Texts.cut(id, 40)
                    + "' is not the id of a Contact (003...), Lead (00Q...) or Account (001...)");
        }
        return resolver.resolve(eventId, "deliver", actor, Resolution.deliverTo(id, actor, blankToNull(note)), "to " + id);
    }

    /** Creates a Lead or a Contact for the interaction (the rule's settings for new people apply) and delivers it. */
    public ActionResult create(String eventId, NewPerson whom, String actor, String note) {
        if (whom != NewPerson.LEAD && whom != NewPerson.CONTACT) {
            return resolver.refused(eventId, "create", actor, ActionResult.Status.INVALID, "a Lead or a Contact can be created, not "
                    + (whom == null ? "nothing" : whom.key()));
        }
        String action = "create-" + whom.key().toLowerCase(java.util.Locale.ROOT);
        return resolver.resolve(eventId, action, actor, Resolution.create(whom, actor, blankToNull(note)), "a new " + whom.key());
    }

    /** Delivers nothing: the interaction's outcome becomes {@code skipped-in-review} with the reason. */
    public ActionResult skip(String eventId, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            return resolver.refused(eventId, "skip", actor, ActionResult.Status.INVALID, "say why it is skipped");
        }
        return resolver.resolve(eventId, "skip", actor, Resolution.skip(actor, reason.trim()), reason.trim());
    }

    /** Matches every waiting interaction again now; those whose person is now found unambiguously are delivered. */
    public Rematch.Report rematch(String actor) {
        return rematch.run(actor);
    }

    /**
     * For the change feed: records changed in the org (created, updated, merged, deleted), so waiting interactions
     * may match now. Matches them again, in batches, through the matcher (its requests counted as any).
     */
    public Rematch.Report recordsChanged(String why) {
        return rematch.run(why == null ? Rematch.ACTOR : Rematch.ACTOR + " (" + why + ")");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
