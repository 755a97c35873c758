package io.switchboard.emulator;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * How an emulated org is started.
 *
 * @param port                   TCP port; 0 picks a free one
 * @param extraSchema            YAML with custom fields and objects added to the standard ones; may be null
 * @param searchIndexDelay       how long after a write a record becomes visible to SOSL (real orgs: seconds to
 *                               minutes); {@link #DEFAULT_SEARCH_INDEX_DELAY} by default, so that no end-to-end test
 *                               passes only because SOSL saw a record at once
 * @param dailyApiLimit          the org's DailyApiRequests maximum
 * @param jwtCertificate         certificate of the connected app, used to verify JWT bearer assertions; may be null,
 *                               in which case the JWT bearer flow is refused as it is for an app without a certificate
 * @param pageSizes              forced query page sizes, used in turn (page 1 the first, page 2 the second, ...,
 *                               then from the start again), each still capped by Salesforce's own batch size; empty:
 *                               only Salesforce's rules (2,000, the batchSize option, 200 with long text areas)
 * @param duplicateRecordVisible whether the running user can see the record a DUPLICATE_VALUE collides with: true
 *                               names its 15-character id in the message, false says {@code <unknown>} as a real org
 *                               does when sharing hides the record
 */
public record EmulatorSettings(int port, String clientId, String clientSecret, String username, String password,
                               Path extraSchema, Duration searchIndexDelay, long dailyApiLimit,
                               X509Certificate jwtCertificate, List<Integer> pageSizes,
                               boolean duplicateRecordVisible) {

    /** A couple of seconds: short enough for tests, long enough that a create-then-search race shows. */
    public static final Duration DEFAULT_SEARCH_INDEX_DELAY = Duration.ofSeconds(2);

    public EmulatorSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (searchIndexDelay == null || searchIndexDelay.isNegative()) {
            throw new IllegalArgumentException("searchIndexDelay must be zero or positive");
        }
        if (dailyApiLimit < 0) {
            throw new IllegalArgumentException("dailyApiLimit must be zero or positive");
        }
        pageSizes = checkedPageSizes(pageSizes);
    }

    /** The settings without a JWT certificate (the shape other code was written against). */
    public EmulatorSettings(int port, String clientId, String clientSecret, String username, String password,
                            Path extraSchema, Duration searchIndexDelay, long dailyApiLimit) {
        this(port, clientId, clientSecret, username, password, extraSchema, searchIndexDelay, dailyApiLimit, null,
                List.of(), true);
    }

    static List<Integer> checkedPageSizes(List<Integer> sizes) {
        List<Integer> copy = sizes == null ? List.of() : List.copyOf(sizes);
        for (int size : copy) {
            if (size < 1) {
                throw new IllegalArgumentException("page sizes must be positive: " + copy);
            }
        }
        return copy;
    }

    public static EmulatorSettings defaults() {
        return new EmulatorSettings(8089, "switchboard-local", "local-only-secret",
                "integration@switchboard.local", "local-only-password", null, DEFAULT_SEARCH_INDEX_DELAY, 100_000L,
                null, List.of(), true);
    }

    public EmulatorSettings withPort(int newPort) {
        return new EmulatorSettings(newPort, clientId, clientSecret, username, password, extraSchema,
                searchIndexDelay, dailyApiLimit, jwtCertificate, pageSizes, duplicateRecordVisible);
    }

    public EmulatorSettings withSearchIndexDelay(Duration delay) {
        return new EmulatorSettings(port, clientId, clientSecret, username, password, extraSchema,
                delay, dailyApiLimit, jwtCertificate, pageSizes, duplicateRecordVisible);
    }

    public EmulatorSettings withDailyApiLimit(long limit) {
        return new EmulatorSettings(port, clientId, clientSecret, username, password, extraSchema,
                searchIndexDelay, limit, jwtCertificate, pageSizes, duplicateRecordVisible);
    }

    public EmulatorSettings withExtraSchema(Path schema) {
        return new EmulatorSettings(port, clientId, clientSecret, username, password, schema,
                searchIndexDelay, dailyApiLimit, jwtCertificate, pageSizes, duplicateRecordVisible);
    }

    public EmulatorSettings withJwtCertificate(X509Certificate certificate) {
        return new EmulatorSettings(port, clientId, clientSecret, username, password, extraSchema,
                searchIndexDelay, dailyApiLimit, certificate, pageSizes, duplicateRecordVisible);
    }

    /** Forces query pages of these sizes in turn, e.g. {@code List.of(7, 3, 11)} for small, uneven pages. */
    public EmulatorSettings withPageSizes(List<Integer> sizes) {
        return new EmulatorSettings(port, clientId, clientSecret, username, password, extraSchema,
                searchIndexDelay, dailyApiLimit, jwtCertificate, sizes, duplicateRecordVisible);
    }

    public EmulatorSettings withDuplicateRecordVisible(boolean visible) {
        return new EmulatorSettings(port, clientId, clientSecret, username, password, extraSchema,
                searchIndexDelay, dailyApiLimit, jwtCertificate, pageSizes, visible);
    }
}
