package io.switchboard.changefeed;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.switchboard.coordination.Elections;
import io.switchboard.coordination.LeaderElection;
import io.switchboard.coordination.Leadership;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts and restarts each object's subscription (a route from the {@code change-feed} template in
 * routes/change-feed.yaml). At start, per object: with a stored position younger than the retention, it subscribes
 * from that position and goes on with an unfinished snapshot; otherwise it subscribes from the latest position
 * first and then takes a snapshot, so that what changes while the snapshot reads arrives as events. A change that
 * fails to publish stalls the object: later events are passed over (they will come again), and the subscription
 * starts again from the last stored position after a delay.
 *
 * <p>Once per service: the instances elect one (Kafka group membership, {@link Elections}, role {@code change-feed});
 * only the elected one subscribes, snapshots and publishes. It starts from what the topics hold (positions, snapshot
 * progress, every record's last state), so an instance taking over goes on where the last one stopped, and stops
 * everything before the next one is elected.
 */
@Component("feedSubscriptions")
class FeedSubscriptions implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(FeedSubscriptions.class);
    static final String TEMPLATE = "change-feed";
    /** Time for Salesforce to hold the new subscription before the snapshot reads the first page. */
    static final Duration SETTLE = Duration.ofSeconds(2);
    /** The feed's election among the service's instances (its consumer group: {@code <group-id>.change-feed}). */
    static final String ROLE = "change-feed";

    private final CamelContext camel;
    private final ChangeFeedProperties properties;
    private final FeedTopics topics;
    private final FeedPositions positions;
    private final FeedSnapshots snapshots;
    private final FeedStatus status;
    private final FeedComponent component;
    private final StateFromTopics stateFromTopics;
    private final Elections elections;
    /** Moves on each time this instance starts or stops running the feed; work of an earlier term is dropped. */
    private final java.util.concurrent.atomic.AtomicLong term = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean leading;
    private volatile LeaderElection election;
    private final Map<FeedObject, Boolean> stalled = new ConcurrentHashMap<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "change-feed-subscriptions");
        t.setDaemon(true);
        return t;
    });

    FeedSubscriptions(CamelContext camel, ChangeFeedProperties properties, FeedTopics topics, FeedPositions positions,
                      @org.springframework.context.annotation.Lazy FeedSnapshots snapshots, FeedStatus status,
                      FeedComponent component, StateFromTopics stateFromTopics, Elections elections) {
        this.component = component;
        this.stateFromTopics = stateFromTopics;
        this.elections = elections;
        this.camel = camel;
        this.properties = properties;
        this.topics = topics;
        this.positions = positions;
        this.snapshots = snapshots;
        this.status = status;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void onReady() {
        if (properties.fedObjects().isEmpty()) {
            LOG.info("Change feed: off (switchboard.change-feed.enabled and .objects)");
            return;
        }
        properties.fedObjects().forEach(o -> status.phase(o, FeedStatus.Phase.STANDBY));
        election = elections.join(ROLE, electionPart());
    }

    private Leadership electionPart() {
        return new Leadership() {
            @Override
            public void lead() {
                long now = term.incrementAndGet();
                leading = true;
                properties.fedObjects().forEach(o -> status.phase(o, FeedStatus.Phase.STARTING));
                worker.execute(() -> start(Duration.ofSeconds(1), now));
            }

            @Override
            public void standDown() {
                term.incrementAndGet();
                leading = false;
                standBy();
            }
        };
    }

    /** Whether this instance runs the feed now (elected among the service's instances). */
    boolean leading() {
        return leading;
    }

    /** Leaves the election (another instance takes the feed over) and waits until the feed here has stopped. */
    void leaveElection() {
        LeaderElection e = election;
        election = null;
        if (e != null) {
            e.close();
        }
    }

    /** Joins the election again, after {@link #leaveElection()}; this instance waits as a standby unless elected. */
    void joinElection() {
        if (election == null && !properties.fedObjects().isEmpty()) {
            election = elections.join(ROLE, electionPart());
        }
    }

    /** Stops every subscription and snapshot (on the feed's thread, after what it is doing) and waits for it. */
    private void standBy() {
        try {
            worker.submit(() -> {
                stop();
                return null;
            }).get(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("Change feed: the subscriptions did not stop cleanly ({})", e.toString());
        }
        snapshots.halt();
        properties.fedObjects().forEach(o -> status.phase(o, FeedStatus.Phase.STANDBY));
        LOG.info("Change feed: stopped on this instance; another instance of the service runs it");
    }

    private void start(Duration retry) {
        start(retry, term.get());
    }

    private void start(Duration retry, long during) {
        if (term.get() != during || !leading) {
            return;
        }
        try {
            topics.ensureTopics();
            positions.load();
            stateFromTopics.rebuild();
        } catch (RuntimeException e) {
            LOG.warn("Change feed: cannot start yet ({}); trying again in {} s", e.getMessage(), retry.toSeconds());
            properties.fedObjects().forEach(o -> status.problem(o, e.getMessage()));
            Duration next = retry.multipliedBy(2).compareTo(Duration.ofMinutes(2)) > 0 ? Duration.ofMinutes(2) : retry.multipliedBy(2);
            worker.schedule(() -> start(next, during), retry.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        for (FeedObject object : properties.fedObjects()) {
            subscribe(object, true, during);
        }
    }

    /** Subscribes the object from where it is, taking or resuming a snapshot where needed. */
    private void subscribe(FeedObject object, boolean atStart, long during) {
        if (term.get() != during || !leading) {
            return;
        }
        try {
            if (positions.resumable(object)) {
                String replayId = positions.position(object).orElseThrow().replayId();
                addRoute(object, "CUSTOM", replayId);
                LOG.info("Change feed: {} resumes from its stored position", object.sObject);
                if (atStart && positions.snapshot(object).filter(s -> !s.complete()).isPresent()) {
                    snapshots.resume(object);
                } else if (!snapshots.running(object)) {
                    status.phase(object, FeedStatus.Phase.STREAMING);
                }
            } else {
                if (positions.position(object).isPresent()) {
                    LOG.info("Change feed: the stored position of {} is older than {} (Salesforce's retention); reading"
                            + " it afresh", object.sObject, properties.retention());
                    positions.forgetPosition(object);
                }
                addRoute(object, "LATEST", "");
                snapshots.fresh(object, SETTLE);
            }
        } catch (Exception e) {
            LOG.warn("Change feed: could not subscribe to {} ({}); trying again in 30 s", object.channel(), e.getMessage());
            status.problem(object, "subscribe: " + e.getMessage());
            worker.schedule(() -> subscribe(object, atStart, during), 30, TimeUnit.SECONDS);
        }
    }

    private void addRoute(FeedObject object, String preset, String replayId) throws Exception {
        component.ensure();
        String routeId = routeId(object);
        if (camel.getRoute(routeId) != null) {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        }
        TemplatedRouteBuilder.builder(camel, TEMPLATE).routeId(routeId)
                .parameter("object", object.sObject)
                .parameter("channel", object.channel())
                .parameter("replayPreset", preset)
                .parameter("replayId", replayId)
                .add();
        if (!camel.getRouteController().getRouteStatus(routeId).isStarted()) {
            camel.getRouteController().startRoute(routeId);
        }
        stalled.put(object, false);
    }

    /**
     * Stops every subscription and starts the feed again from what its state topic holds, as a restart of the
     * service does (JMX: {@code io.switchboard:type=ChangeFeed}, operation {@code restart}).
     */
    void restart() throws Exception {
        stop();
        start(Duration.ofSeconds(1));
    }

    /** Stops every subscription (nothing is stored past what was published). */
    void stop() throws Exception {
        for (FeedObject object : properties.fedObjects()) {
            String routeId = routeId(object);
            if (camel.getRoute(routeId) != null) {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            }
        }
    }

    static String routeId(FeedObject object) {
        return "change-feed-" + object.sObject;
    }

    boolean stalled(FeedObject object) {
        return stalled.getOrDefault(object, false);
    }

    /**
     * The route's error step: a change could not be published (Kafka or Salesforce unavailable, a defect). Nothing
     * after it may be stored as done, so the object stalls and subscribes again from its stored position.
     */
    public void failed(org.apache.camel.Exchange exchange) {
        Exception cause = exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Exception.class);
        // the route's own id names the object: an error the consumer reports (bridged) has run no step yet
        String routeId = exchange.getFromRouteId();
        FeedObject object = properties.fedObjects().stream().filter(o -> routeId(o).equals(routeId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No change feed object for the route " + routeId));
        if (cause instanceof org.apache.camel.component.salesforce.InvalidReplayIdException) {
            // Salesforce no longer has what follows the stored position (older than its retention, or unknown):
            // the object is read afresh, from the latest position
            LOG.warn("Change feed: Salesforce refused the stored position of {} ({}); reading it afresh",
                    object.sObject, cause.getMessage());
            positions.forgetPosition(object);
        }
        if (Boolean.TRUE.equals(stalled.put(object, true))) {
            return;
        }
        String problem = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        Duration delay = properties.resubscribeDelay();
        LOG.warn("Change feed: a change of {} could not be published ({}); subscribing again from the stored position"
                + " in {} ms", object.sObject, problem, delay.toMillis());
        status.problem(object, problem);
        long during = term.get();
        worker.schedule(() -> subscribe(object, false, during), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A stopping instance hands the feed over first, while Camel still runs, so the next one starts at once. */
    @EventListener(org.springframework.context.event.ContextClosedEvent.class)
    public void onClosing() {
        leaveElection();
    }

    @Override
    public void destroy() {
        leaveElection();
        worker.shutdownNow();
    }
}
