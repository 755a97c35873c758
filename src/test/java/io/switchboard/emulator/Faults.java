package io.switchboard.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fault injection for /services/data requests: added latency, the next N requests failing, a random failure rate,
 * and expiry of every issued access token. Failures use the status codes and bodies of a real org.
 */
public final class Faults {

    /** Error codes the emulator can inject, with the status and message a real org answers them with. */
    static final Map<String, ApiException> KNOWN = Map.of(
            "SERVER_UNAVAILABLE", new ApiException(503, "SERVER_UNAVAILABLE",
                    "Server temporarily unavailable, please try again later."),
            "UNABLE_TO_LOCK_ROW", new ApiException(400, "UNABLE_TO_LOCK_ROW",
                    "unable to obtain exclusive access to this record or 1 records"),
            "REQUEST_LIMIT_EXCEEDED", new ApiException(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."),
            "INVALID_SESSION_ID", new ApiException(401, "INVALID_SESSION_ID", "Session expired or invalid"));

    private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);
    private final AtomicReference<Duration> answerDelay = new AtomicReference<>(Duration.ZERO);
    private final AtomicInteger failNextCount = new AtomicInteger();
    private final AtomicReference<String> failNextCode = new AtomicReference<>();
    private final AtomicReference<RateFault> rate = new AtomicReference<>();
    private final AtomicReference<String> poison = new AtomicReference<>();
    private final Runnable sessionExpiry;
    private final AtomicInteger changeEventGaps = new AtomicInteger();
    private final AtomicInteger overflowAfter = new AtomicInteger(-1);

    private record RateFault(double rate, String errorCode) {
    }

    Faults(Runnable sessionExpiry) {
        this.sessionExpiry = sessionExpiry;
    }

    /** Every API request waits this long before it is handled. */
    public Faults latency(Duration delay) {
        latency.set(delay == null ? Duration.ZERO : delay);
        return this;
    }

    /**
     * Every API request is answered this long after it was carried out: what it wrote is in the org (and visible
     * to others) while its caller still waits, as with a slow network back from a real org.
     */
    public Faults answerDelay(Duration delay) {
        answerDelay.set(delay == null ? Duration.ZERO : delay);
        return this;
    }

    Duration answerDelay() {
        return answerDelay.get();
    }

    /** The next {@code count} API requests fail with this error code (see {@link #KNOWN}). */
    public Faults failNext(int count, String errorCode) {
        requireKnown(errorCode);
        failNextCode.set(errorCode);
        failNextCount.set(count);
        return this;
    }

    /** Each API request fails with this probability (0..1). */
    public Faults failRate(double failureRate, String errorCode) {
        requireKnown(errorCode);
        if (failureRate < 0 || failureRate > 1) {
            throw new IllegalArgumentException("rate must be within 0..1");
        }
        rate.set(failureRate == 0 ? null : new RateFault(failureRate, errorCode));
        return this;
    }

    /**
     * Every API request whose URL or body contains {@code marker} fails with 500 UNKNOWN_EXCEPTION, as a real org
     * answers some inputs it cannot handle: a failure that looks like an outage but follows one record.
     */
    public Faults failRequestsContaining(String marker) {
        poison.set(marker == null || marker.isEmpty() ? null : marker);
        return this;
    }

    /** The failure for a request holding the poison marker, if one is set and found. */
    Optional<ApiException> poisoned(String url, String body) {
        String marker = poison.get();
        if (marker != null && ((url != null && url.contains(marker)) || (body != null && body.contains(marker)))) {
            return Optional.of(new ApiException(500, "UNKNOWN_EXCEPTION", "An unexpected error occurred. Please "
                    + "include this ErrorId if you contact support: 1936461855-48214 (-1530146540)"));
        }
        return Optional.empty();
    }

    /** Invalidates every access token issued so far (refresh tokens stay valid), as a session timeout does. */
    public Faults expireSessions() {
        sessionExpiry.run();
        return this;
    }

    /**
     * The next {@code count} change events (Pub/Sub API) are gap events instead: GAP_CREATE, GAP_UPDATE,
     * GAP_DELETE or GAP_UNDELETE with the record ids and no field data, as Salesforce sends when it cannot produce
     * a change event (an error, or a change made outside its application servers).
     */
    public Faults changeEventGaps(int count) {
        changeEventGaps.set(Math.max(0, count));
        return this;
    }

    /**
     * In the next transaction that changes records, only the first {@code changes} changes get change events; the
     * rest become one GAP_OVERFLOW event per entity, as Salesforce does past 100,000 changes in one transaction
     * (documented: record id 000000000000000AAA, header only). Each created, deleted or undeleted record and each
     * changed field of an update counts as one change, as documented.
     */
    public Faults changeEventOverflowAfter(int changes) {
        overflowAfter.set(Math.max(0, changes));
        return this;
    }

    /** For the Pub/Sub server: whether the next change event is to be a gap event (consumes one). */
    public boolean takeChangeEventGap() {
        while (true) {
            int left = changeEventGaps.get();
            if (left <= 0) {
                return false;
            }
            if (changeEventGaps.compareAndSet(left, left - 1)) {
                return true;
            }
        }
    }

    /** For the Pub/Sub server: the overflow threshold for the transaction being published, once (-1: none). */
    public int takeChangeEventOverflow() {
        return overflowAfter.getAndSet(-1);
    }

    public Faults clear() {
        changeEventGaps.set(0);
        overflowAfter.set(-1);
        latency.set(Duration.ZERO);
        answerDelay.set(Duration.ZERO);
        failNextCount.set(0);
        rate.set(null);
        poison.set(null);
        return this;
    }

    private static void requireKnown(String errorCode) {
        if (!KNOWN.containsKey(errorCode)) {
            throw new IllegalArgumentException("unknown error code " + errorCode + ", known: " + KNOWN.keySet());
        }
    }

    Duration latency() {
        return latency.get();
    }

    /** The fault this request gets, if any; consumes one of the failNext budget. */
    Optional<ApiException> nextFailure() {
        while (true) {
            int left = failNextCount.get();
            if (left <= 0) {
                break;
            }
            if (failNextCount.compareAndSet(left, left - 1)) {
                return Optional.of(KNOWN.get(failNextCode.get()));
            }
        }
        RateFault r = rate.get();
        if (r != null && ThreadLocalRandom.current().nextDouble() < r.rate()) {
            return Optional.of(KNOWN.get(r.errorCode()));
        }
        return Optional.empty();
    }

    /** Lists the codes for error messages. */
    static List<String> codes() {
        return List.copyOf(KNOWN.keySet());
    }
}
