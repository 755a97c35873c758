package io.switchboard.console.audit;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who acts, and through what: the logged-in operator (or, in local mode where the console is open, "local
 * operator"), in the console's pages, its JSON API, or over JMX.
 */
public record Operator(String name, String via) {

    public static final String CONSOLE = "console";
    public static final String API = "api";
    public static final String JMX = "jmx";

    /** The operator of the current request (Jolokia's JMX calls run in one too). */
    public static Operator current(String via) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
            return new Operator(JMX.equals(via) ? "JMX client" : "local operator (no login in local mode)", via);
        }
        return new Operator(auth.getName(), via);
    }
}
