package io.switchboard.review;

import io.switchboard.model.OrgRecordChanged;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Held interactions leave the queue by themselves when the org changes: a person or account the change feed saw
 * created, changed or converted may be the one a held interaction waits for. The changes of
 * {@code switchboard.review.rematch-on-change} share one re-match (a snapshot reports thousands), and none is
 * made while nothing waits; deletions alone never make a match, so they start none. {@code 0s} turns it off.
 */
@Component
public class RematchOnOrgChanges implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RematchOnOrgChanges.class);

    private final ReviewService review;
    private final ReviewProperties properties;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicInteger changes = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "switchboard-review-on-change");
        t.setDaemon(true);
        return t;
    });

    public RematchOnOrgChanges(ReviewService review, ReviewProperties properties) {
        this.review = review;
        this.properties = properties;
    }

    @EventListener
    public void onOrgRecordChanged(OrgRecordChanged change) {
        if (change.change() == OrgRecordChanged.Change.DELETED || properties.rematchOnChange().isZero()) {
            return;
        }
        changes.incrementAndGet();
        if (scheduled.compareAndSet(false, true)) {
            timer.schedule(this::rematch, properties.rematchOnChange().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void rematch() {
        scheduled.set(false);
        int seen = changes.getAndSet(0);
        try {
            if (!review.ready() || review.waiting().isEmpty()) {
                return;
            }
            review.recordsChanged("change feed: " + seen + " record" + (seen == 1 ? "" : "s") + " changed");
        } catch (RuntimeException e) {
            // the periodic re-match and the next change try again
            log.warn("Matching held interactions again after org changes failed: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
