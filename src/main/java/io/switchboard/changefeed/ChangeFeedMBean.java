package io.switchboard.changefeed;

import java.util.List;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/** {@code io.switchboard:type=ChangeFeed}: the feed's state per object, for JMX, Jolokia and Hawtio. */
@Component
@ManagedResource(objectName = "io.switchboard:type=ChangeFeed", description = "Salesforce change feed to Kafka")
public class ChangeFeedMBean {

    private final FeedStatus status;
    private final ChangeFeedProperties properties;
    private final FeedSubscriptions subscriptions;

    ChangeFeedMBean(FeedStatus status, ChangeFeedProperties properties, FeedSubscriptions subscriptions) {
        this.status = status;
        this.properties = properties;
        this.subscriptions = subscriptions;
    }

    @org.springframework.jmx.export.annotation.ManagedOperation(description = "Stops every subscription and starts"
            + " again from the stored positions, as a restart of the service does")
    public void restart() throws Exception {
        subscriptions.restart();
    }

    @ManagedAttribute(description = "Whether this instance runs the feed now (one instance of the service does; the"
            + " others stand by)")
    public boolean getLeading() {
        return subscriptions.leading();
    }

    @ManagedAttribute(description = "Whether the feed runs, and for which objects")
    public List<String> getObjects() {
        return properties.fedObjects().stream().map(FeedObject::sObject).toList();
    }

    @ManagedAttribute(description = "Per object: phase, events, last event, lag, snapshot progress, problem")
    public List<String> getStates() {
        return status.objects().entrySet().stream().map(e -> {
            FeedStatus.ObjectState s = e.getValue();
            return e.getKey() + ": " + s.phase() + ", " + s.events() + " events, last " + s.lastEventAt()
                    + ", lag " + (s.lag() == null ? "-" : s.lag().toMillis() + " ms") + ", snapshot "
                    + s.snapshotPublished() + "/" + s.snapshotTotal()
                    + (s.lastProblem() == null ? "" : ", problem: " + io.switchboard.privacy.Pii.mask(s.lastProblem()));
        }).toList();
    }

    @ManagedAttribute(description = "Salesforce REST requests the feed spent (snapshots, re-reads)")
    public long getSalesforceRequests() {
        return status.requestsSpent();
    }
}
