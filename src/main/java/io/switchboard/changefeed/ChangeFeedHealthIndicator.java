package io.switchboard.changefeed;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The change feed's state per object: phase (snapshot, streaming), position, lag behind Salesforce, last event,
 * snapshot progress, the REST requests it spent, the last problem. Shown in health but part of neither liveness
 * nor readiness: the feed falling behind says nothing about whether interactions are delivered. UP while every
 * object streams or snapshots; OUT_OF_SERVICE while one retries after a problem; UNKNOWN when the feed is off.
 */
@Component("changeFeed-health")
class ChangeFeedHealthIndicator implements HealthIndicator {

    private final FeedStatus status;
    private final ChangeFeedProperties properties;
    private final FeedSubscriptions subscriptions;

    ChangeFeedHealthIndicator(FeedStatus status, ChangeFeedProperties properties, FeedSubscriptions subscriptions) {
        this.status = status;
        this.properties = properties;
        this.subscriptions = subscriptions;
    }

    @Override
    public Health health() {
        if (properties.fedObjects().isEmpty()) {
            return Health.unknown().withDetail("enabled", false).build();
        }
        Map<String, Object> objects = new LinkedHashMap<>();
        boolean trouble = false;
        for (var e : status.objects().entrySet()) {
            FeedStatus.ObjectState s = e.getValue();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("phase", s.phase());
            d.put("events", s.events());
            d.put("lastEvent", s.lastEventAt());
            d.put("lagSeconds", s.lag() == null ? null : s.lag().toMillis() / 1000.0);
            d.put("snapshot", s.snapshotPublished() + " of " + s.snapshotTotal());
            d.put("replayId", s.replayId());
            if (s.lastProblem() != null) {
                d.put("problem", io.switchboard.privacy.Pii.mask(s.lastProblem()));
                trouble = true;
            }
            objects.put(e.getKey(), d);
        }
        return (trouble ? Health.outOfService() : Health.up())
                // one instance of the service runs the feed; the others stand by (phase STANDBY)
                .withDetail("leading", subscriptions.leading()).withDetail("objects", objects)
                .withDetail("salesforceRequests", status.requestsSpent()).build();
    }
}
