package io.switchboard.operations;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use the console and /actuator/** (Hawtio, Jolokia, metrics), and how. See docs/security.md.
 *
 * @param operators the people who may log in, by their login name: each a password hash and a role
 * @param open      true only in local mode: everything open, no login (refused unless the server listens on loopback)
 * @param login     how failed logins are throttled
 * @param oidc      how people from an OpenID Connect provider get their role
 */
@ConfigurationProperties("switchboard.management")
public record ManagementProperties(Map<String, Account> operators, @DefaultValue("false") boolean open,
                                   @DefaultValue Login login, @DefaultValue Oidc oidc) {

    public ManagementProperties {
        operators = operators == null ? Map.of() : Map.copyOf(operators);
    }

    /** Whether anyone is named in configuration (an OpenID Connect provider may let others in too). */
    public boolean hasOperators() {
        return !operators.isEmpty();
    }

    /**
     * People from the OpenID Connect provider of {@code spring.security.oauth2.client.registration.*}.
     *
     * @param rolesClaim the ID token's (or user info's) claim naming their role: viewer, operator or admin
     */
    public record Oidc(@DefaultValue("switchboard_roles") String rolesClaim) {
    }

    /**
     * One person's login.
     *
     * @param password the password's hash as Spring Security stores it, its scheme first: {@code {bcrypt}$2a$...}
     * @param role     viewer, operator or admin
     */
    public record Account(String password, @DefaultValue("viewer") String role) {
    }

    /**
     * Failed logins: past {@code maxFailuresPerUser} for one login name, or {@code maxFailuresPerAddress} from one
     * client address, within {@code window}, further attempts are answered 429 until the oldest failure is older
     * than the window.
     */
    public record Login(@DefaultValue("5") int maxFailuresPerUser, @DefaultValue("20") int maxFailuresPerAddress,
                        @DefaultValue("15m") Duration window) {
    }
}
