package io.switchboard.flow;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * When a batch cannot be finished for a while (Salesforce down past the retries, the API budget held back, the
 * outcome or dead-letter topic not writable), consuming stops: the consumer leaves the group cleanly, nothing of the
 * batch is committed, and after a pause (growing while the trouble lasts) the route starts again from the committed
 * offsets. A consumer never sits blocked past the broker's poll interval, so no partition ends up with two
 * instances writing, and no later batch can commit past the unfinished one.
 */
@Component("consumerPause")
public class ConsumerPause implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConsumerPause.class);

    private final CamelContext camel;
    private final String route;
    private final Duration initial;
    private final Duration longest;
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicReference<Duration> next;
    private final AtomicReference<String> lastCause = new AtomicReference<>("");
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "consumer-pause");
        t.setDaemon(true);
        return t;
    });

    public ConsumerPause(CamelContext camel, io.switchboard.rules.RulesProperties rules, PauseProperties pause) {
        this.camel = camel;
        this.route = rules.route();
        this.initial = pause.initial();
        this.longest = pause.longest();
        this.next = new AtomicReference<>(this.initial);
    }

    /** Stops consuming now (from another thread: the route cannot stop itself) and schedules the restart. */
    public void pause(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (cause instanceof ConsumingPaused || !paused.compareAndSet(false, true)) {
            return;
        }
        Duration wait = next.getAndUpdate(d -> d.multipliedBy(2).compareTo(longest) > 0 ? longest : d.multipliedBy(2));
        lastCause.set(cause == null ? "unknown" : cause.getMessage());
        log.warn("Pausing consumption for {}: {}. Nothing of the unfinished batch is committed; it is read again "
                + "when consuming resumes.", wait, lastCause.get());
        timer.execute(() -> {
            try {
                camel.getRouteController().stopRoute(route, 30, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.error("Could not stop route {}: {}", route, e.toString());
            }
        });
        timer.schedule(this::resume, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void resume() {
        try {
            paused.set(false);
            camel.getRouteController().startRoute(route);
            log.info("Consumption resumes from the committed offsets");
        } catch (Exception e) {
            log.error("Could not restart route {}: {}; trying again", route, e.toString());
            paused.set(true);
            timer.schedule(this::resume, initial.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The first step of every batch: while paused, the batch is left for later. */
    public void checkOpen() {
        if (paused.get()) {
            throw new ConsumingPaused();
        }
    }

    /** A batch finished: the next trouble starts with a short pause again. */
    void finished() {
        next.set(initial);
    }

    public boolean isPaused() {
        return paused.get();
    }

    public String getLastCause() {
        return lastCause.get();
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
