package io.switchboard.operations;

import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Management endpoints are for operators: health is open (for probes; details need a login), everything else
 * under /actuator needs the operator's login, and with no password configured it is closed. Local mode opens all.
 * The webhook ingress ({@code /ingress/**}) is for machines, not operators: it is open to Spring Security and each
 * request is authenticated by the ingress itself, by its producer's token or signature (see the README, "Webhook
 * ingress"). CSRF protection does not apply to it: CSRF abuses a browser's ambient credentials (a session cookie,
 * a remembered Basic login), and an ingress request carries none: its proof is a secret it must hold itself, in a
 * header or in a body signed with it, which a forged cross-site request cannot supply.
 */
@Configuration
public class SecurityConfig {

    @Bean
    SecurityFilterChain security(HttpSecurity http, ManagementProperties management) throws Exception {
        http.csrf(csrf -> csrf.disable());
        if (management.open()) {
            http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
            return http.build();
        }
        http.authorizeHttpRequests(auth -> {
            auth.requestMatchers("/actuator/health", "/actuator/health/**").permitAll();
            auth.requestMatchers(org.springframework.http.HttpMethod.POST, "/ingress/*").permitAll();
            if (management.hasPassword()) {
                auth.anyRequest().authenticated();
            } else {
                auth.anyRequest().denyAll();
            }
        }).httpBasic(Customizer.withDefaults());
        return http.build();
    }

    /** Declared so Spring Boot never generates a password and prints it in the log. */
    @Bean
    InMemoryUserDetailsManager operators(ManagementProperties management) {
        List<UserDetails> users = new ArrayList<>();
        if (management.hasPassword()) {
            users.add(User.withUsername(management.username())
                    .password(PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(management.password()))
                    .roles("OPERATOR").build());
        }
        return new InMemoryUserDetailsManager(users);
    }
}
