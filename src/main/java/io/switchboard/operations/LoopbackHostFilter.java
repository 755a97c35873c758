package io.switchboard.operations;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Local mode answers only requests addressed to this machine by a loopback name. Bound to loopback, it is still
 * reachable from a page on another site through DNS rebinding: the page's own name made to point at 127.0.0.1, so
 * that its requests are same-origin to it (its Host and Origin agree) and carry no login, which local mode does not
 * ask for. Such a request names the other site in its Host header, and is refused here.
 */
final class LoopbackHostFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isLoopbackName(request.getServerName())) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Local mode answers only requests for localhost, "
                    + "127.0.0.1 or [::1]: open it at one of those");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean isLoopbackName(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.equals("::1") || name.equals("[::1]")
                || name.equals("0:0:0:0:0:0:0:1") || name.equals("[0:0:0:0:0:0:0:1]")
                || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
