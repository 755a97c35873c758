package io.switchboard.salesforce;

import java.time.Instant;

/**
 * Told of every request that reached (or tried to reach) Salesforce, once it is answered: tracing uses it to show
 * the requests that served an interaction. Observers must not fail; the transport ignores what they throw.
 */
public interface RequestObserver {

    /**
     * @param operation what the request was, as counted (e.g. "query", "save composite")
     * @param result    "ok" or Salesforce's error code
     */
    void answered(String operation, Instant started, Instant ended, String result);
}
