package io.switchboard.operations;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Throttles password guessing: counts login attempts (the login page's and HTTP Basic's) per login name from one
 * client address and per client address, and while either is past its limit within the window every further attempt
 * of that name from that address, or from that address, is answered 429 with Retry-After, before its password is even
 * checked. An attempt counts when it is made, not when it has failed, so guesses sent in parallel count too; a
 * successful login takes its own attempt back. A name is counted per address, so that a stranger's guesses cannot
 * lock its owner out from elsewhere; an address's count falls only with time and successes, so spraying one
 * password over many names stops as well. Behind a proxy the client's address is the forwarded one, believed only
 * from the proxies server.tomcat.remoteip.internal-proxies names.
 */
public final class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final ManagementProperties.Login limits;
    private final Clock clock;
    /** Counted attempts by "user:<name>@<ip>" and "address:<ip>"; bounded, so a flood of names cannot fill the heap. */
    private final Cache<String, Failures> failures;

    public LoginThrottle(ManagementProperties.Login limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.failures = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(limits.window()).build();
    }

    /** Failures within the window: when the first of them was, and how many. */
    private record Failures(Instant first, int count) {
    }

    /**
     * Admits an attempt of this name from this address, counting it at once (so that guesses sent together are
     * counted as they arrive), or says how long it must wait.
     */
    Optional<Duration> admit(String user, String address) {
        Instant now = clock.instant();
        Optional<Duration> byUser = reserve(userKey(user, address), limits.maxFailuresPerUser(), now);
        return byUser.isPresent() ? byUser : reserve("address:" + address, limits.maxFailuresPerAddress(), now);
    }

    private Optional<Duration> reserve(String key, int limit, Instant now) {
        Duration[] wait = new Duration[1];
        Failures after = failures.asMap().compute(key, (k, f) -> {
            if (f == null || expired(f, now)) {
                return new Failures(now, 1);
            }
            if (f.count() >= limit) {
                wait[0] = Duration.between(now, f.first().plus(limits.window()));
                return f;
            }
            return new Failures(f.first(), f.count() + 1);
        });
        if (wait[0] == null && after.count() == limit) {
            // the name may be a mistyped password: neither it nor the address's attempts are logged in full
            log.warn("Login throttled for {}: {} attempts within {}", key.startsWith("user:") ? "a login name"
                    : key, limit, limits.window());
        }
        return Optional.ofNullable(wait[0]);
    }

    /** A login that succeeded takes its attempt back: its name's count from its address, and one of the address's. */
    @EventListener
    public void succeeded(AuthenticationSuccessEvent event) {
        if (!(event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details)
                || details.getRemoteAddress() == null) {
            return;
        }
        failures.invalidate(userKey(event.getAuthentication().getName(), details.getRemoteAddress()));
        failures.asMap().computeIfPresent("address:" + details.getRemoteAddress(),
                (k, f) -> f.count() <= 1 ? null : new Failures(f.first(), f.count() - 1));
    }

    private static String userKey(String user, String address) {
        return "user:" + normalized(user == null ? "" : user) + "@" + address;
    }

    private boolean expired(Failures f, Instant now) {
        return !now.isBefore(f.first().plus(limits.window()));
    }

    private static String normalized(String user) {
        return user.trim().toLowerCase(Locale.ROOT);
    }

    /** The gate in front of the login page's POST and of HTTP Basic. */
    public OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Optional<String> user = attemptedUser(request);
                if (user.isPresent()) {
                    Optional<Duration> wait = admit(user.get(), request.getRemoteAddr());
                    if (wait.isPresent()) {
                        long seconds = Math.max(1, wait.get().toSeconds());
                        response.setHeader("Retry-After", String.valueOf(seconds));
                        response.sendError(429, "Too many failed logins: try again in " + seconds + " s");
                        return;
                    }
                }
                chain.doFilter(request, response);
            }
        };
    }

    /** The login name of a login attempt (the login page's POST, or a Basic header); empty for any other request. */
    private static Optional<String> attemptedUser(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return Optional.of(colon < 0 ? decoded : decoded.substring(0, colon));
            } catch (IllegalArgumentException notBase64) {
                return Optional.of("");
            }
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if ("POST".equals(request.getMethod()) && "/login".equals(path)) {
            return Optional.of(Optional.ofNullable(request.getParameter("username")).orElse(""));
        }
        return Optional.empty();
    }
}
