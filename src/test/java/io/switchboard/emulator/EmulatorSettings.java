package io.switchboard.emulator;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * How an emulated org is started.
 *
 * @param port              TCP port; 0 picks a free one
 * @param extraSchema       YAML with custom fields and objects added to the standard ones; may be null
 * @param searchIndexDelay  how long after a write a record becomes visible to SOSL (real orgs: seconds to minutes)
 * @param dailyApiLimit     the org's DailyApiRequests maximum
 * @param jwtCertificate    certificate of the connected app, used to verify JWT bearer assertions; may be null,
 *                          in which case the JWT bearer flow is refused as it is for an app without a certificate
 */
public record EmulatorSettings(int port, String clientId, String clientSecret, String username, String password,
                               Path extraSchema, Duration searchIndexDelay, long dailyApiLimit,
                               X509Certificate jwtCertificate) {

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
    }

    /** The settings without a JWT certificate (the shape other code was written against). */
    public EmulatorSettings(int port, String clientId, String clientSecret, String username, String password,
                            Path extraSchema, Duration searchIndexDelay, long dailyApiLimit) {
        this(port, clientId, clientSecret, username, password, extraSchema, searchIndexDelay, dailyApiLimit, null);
    }

    public static EmulatorSettings defaults() {
        return new EmulatorSettings(8089, "switchboard-local", "local-only-secret",
                "integration@switchboard.local", "local-only-password", null, Duration.ZERO, 100_000L, null);
    }

    public EmulatorSettings withPort(int newPort) {
        return new EmulatorSettings(newPort, clientId, clientSecret, username, password, extraSchema,
                searchIndexDelay, dailyApiLimit, jwtCertificate);
    }

    public EmulatorSettings withSearchIndexDelay(Duration delay) {
        return new EmulatorSettings(port, clientId, clientSecret, username, password, extraSchema,
                delay, dailyApiLimit, jwtCertificate);
    }

    public EmulatorSettings withDailyApiLimit(long limit) {
        return new EmulatorSettings(port, clientId, clientSecret, username, password, extraSchema,
                searchIndexDelay, limit, jwtCertificate);
    }

    public EmulatorSettings withExtraSchema(Path schema) {
        return new EmulatorSettings(port, clientId, clientSecret, username, password, schema,
                searchIndexDelay, dailyApiLimit, jwtCertificate);
    }

    public EmulatorSettings withJwtCertificate(X509Certificate certificate) {
        return new EmulatorSettings(port, clientId, clientSecret, username, password, extraSchema,
                searchIndexDelay, dailyApiLimit, certificate);
    }
}
