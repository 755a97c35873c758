package io.switchboard.operations;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may use /actuator/** (Hawtio, Jolokia, metrics).
 *
 * @param open true only in local mode: everything open, no login
 */
@ConfigurationProperties("switchboard.management")
public record ManagementProperties(@DefaultValue("operator") String username, String password,
                                   @DefaultValue("false") boolean open) {

    public boolean hasPassword() {
        return password != null && !password.isBlank();
    }
}
