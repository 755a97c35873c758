package io.switchboard.operations;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a person may do, each role including the ones below it: a viewer sees everything; an operator also replays
 * and discards dead letters and decides reviews; an admin also reloads the rules and runs JMX operations (Jolokia's
 * exec and write, Hawtio's operations). See docs/security.md.
 */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    /** This role's authority and those of every role below it (ROLE_ADMIN, ROLE_OPERATOR, ROLE_VIEWER for admin). */
    public List<GrantedAuthority> authorities() {
        return Arrays.stream(values()).filter(r -> r.ordinal() <= ordinal())
                .<GrantedAuthority>map(r -> new SimpleGrantedAuthority(r.authority())).toList();
    }

    public String authority() {
        return "ROLE_" + name();
    }

    /** The role named so in configuration or a claim ("viewer", "operator", "admin", any case). */
    public static Optional<Role> named(String name) {
        return name == null ? Optional.empty() : Arrays.stream(values())
                .filter(r -> r.name().equals(name.trim().toUpperCase(Locale.ROOT))).findFirst();
    }
}
