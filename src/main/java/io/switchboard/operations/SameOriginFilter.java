package io.switchboard.operations;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a state-changing request (anything but GET, HEAD, OPTIONS) to the paths it guards unless its Origin header
 * names this service: scheme, host and port as the request reached it (behind a TLS proxy, as the proxy's forwarded
 * headers say; see {@code server.forward-headers-strategy}). A browser sends Origin on every such request, Hawtio's
 * included; a page of another site cannot send this service's, and a request without one is refused too. CSRF
 * tokens are checked as well: this is the second lock, for Jolokia, where one request runs JMX operations.
 */
final class SameOriginFilter extends OncePerRequestFilter {

    private final RequestMatcher guarded;

    SameOriginFilter(RequestMatcher guarded) {
        this.guarded = guarded;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) || !guarded.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        if (!sameOrigin(origin, request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, origin == null
                    ? "Refused: a state-changing request needs an Origin header naming this service"
                    : "Refused: the request's Origin is not this service's");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean sameOrigin(String origin, HttpServletRequest request) {
        if (origin == null || origin.isBlank()) {
            return false;
        }
        try {
            URI given = URI.create(origin.trim());
            if (given.getScheme() == null || given.getHost() == null) {
                return false;
            }
            String scheme = given.getScheme().toLowerCase(Locale.ROOT);
            return scheme.equals(request.getScheme().toLowerCase(Locale.ROOT))
                    && given.getHost().equalsIgnoreCase(request.getServerName())
                    && port(scheme, given.getPort()) == port(scheme, request.getServerPort());
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static int port(String scheme, int port) {
        return port > 0 ? port : "https".equals(scheme) ? 443 : 80;
    }
}
