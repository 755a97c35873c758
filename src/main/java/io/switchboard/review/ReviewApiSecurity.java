package io.switchboard.review;

import io.switchboard.operations.ManagementProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;

/**
 * {@code /api/review/**} is for operators: outside local mode it needs the operator's login (as /actuator does),
 * and every state-changing request needs a CSRF token, in local mode too: a browser that holds the operator's
 * login (or reaches an open local service) must not be made to resolve interactions by another site's page.
 * Scripts fetch the token with {@code GET /api/review/csrf} (it also sets the {@code XSRF-TOKEN} cookie) and send
 * it back in {@code X-XSRF-TOKEN} with that cookie. A chain of its own, ahead of the management one.
 */
@Configuration
public class ReviewApiSecurity {

    @Bean
    @Order(10)
    SecurityFilterChain reviewApi(HttpSecurity http, ManagementProperties management) throws Exception {
        http.securityMatcher("/api/review/**");
        http.csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse()));
        if (management.open()) {
            http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
            return http.build();
        }
        http.authorizeHttpRequests(auth -> {
            if (management.hasPassword()) {
                auth.anyRequest().hasRole("OPERATOR");
            } else {
                auth.anyRequest().denyAll();
            }
        }).httpBasic(Customizer.withDefaults());
        return http.build();
    }
}
