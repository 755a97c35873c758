package io.switchboard.salesforce;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

/**
 * What this instance spent of the org's API budget, and the org-wide usage Salesforce last reported in
 * {@code Sforce-Limit-Info}. Visible over JMX (and so in Hawtio) and in health.
 */
@Component
@ManagedResource(objectName = "io.switchboard:type=SalesforceApiUsage", description = "Salesforce API requests")
public class ApiUsage {

    private static final Pattern LIMIT_INFO = Pattern.compile("(?<![\\w-])api-usage=(\\d+)/(\\d+)");

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong orgUsed = new AtomicLong(-1);
    private final AtomicLong orgMax = new AtomicLong(-1);
    private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();

    void recordSuccess(String limitInfo) {
        requests.incrementAndGet();
        lastSuccess.set(Instant.now());
        lastError.set(null);
        if (limitInfo != null) {
            Matcher m = LIMIT_INFO.matcher(limitInfo);
            if (m.find()) {
                orgUsed.set(Long.parseLong(m.group(1)));
                orgMax.set(Long.parseLong(m.group(2)));
            }
        }
    }

    /**
     * A request that got an answer (counted as a success) which says Salesforce failed it as a whole or in part,
     * for a reason worth retrying: health must show it as the last error.
     */
    void markFailed(SalesforceError error) {
        if (error.isTransient()) {
            failures.incrementAndGet();
            lastError.set(error.toString());
        }
    }

    void recordFailure(SalesforceError error) {
        requests.incrementAndGet();
        if (error.isTransient()) {
            failures.incrementAndGet();
            lastError.set(error.toString());
        }
    }

    @ManagedAttribute(description = "Salesforce API requests sent by this instance since start")
    public long getRequests() {
        return requests.get();
    }

    @ManagedAttribute(description = "Requests that failed because Salesforce was unavailable")
    public long getUnavailableFailures() {
        return failures.get();
    }

    @ManagedAttribute(description = "Org-wide API requests used today, as last reported by Salesforce (-1: unknown)")
    public long getOrgUsed() {
        return orgUsed.get();
    }

    @ManagedAttribute(description = "Org-wide daily API request limit, as last reported by Salesforce (-1: unknown)")
    public long getOrgMax() {
        return orgMax.get();
    }

    /** Org-wide usage as a share of the daily maximum (0 when unknown). */
    public double orgShare() {
        long max = orgMax.get();
        return max <= 0 ? 0 : (double) orgUsed.get() / max;
    }

    public Instant lastSuccess() {
        return lastSuccess.get();
    }

    /** The last "unavailable" error, cleared by the next success. */
    public String lastError() {
        return lastError.get();
    }
}
