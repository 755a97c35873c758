package io.switchboard.review;

import io.switchboard.operations.LoginThrottle;
import io.switchboard.operations.ManagementProperties;
import io.switchboard.operations.Role;
import io.switchboard.operations.SecurityConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * {@code /api/review/**} is for operators: outside local mode it needs a login (as /actuator does), a viewer's to
 * read, an operator's to decide,
 * and every state-changing request needs a CSRF token, in local mode too: a browser that holds the operator's
 * login (or reaches an open local service) must not be made to resolve interactions by another site's page.
 * Scripts fetch the token with {@code GET /api/review/csrf} (it also sets the {@code XSRF-TOKEN} cookie) and send
 * it back in {@code X-XSRF-TOKEN} with that cookie. A chain of its own, ahead of the management one.
 */
@Configuration
public class ReviewApiSecurity {

    @Bean
    @Order(10)
    SecurityFilterChain reviewApi(HttpSecurity http, ManagementProperties management, LoginThrottle throttle,
                                  ObjectProvider<ClientRegistrationRepository> oidc) throws Exception {
        http.securityMatcher("/api/review/**");
        http.csrf(csrf -> csrf.csrfTokenRepository(SecurityConfig.csrfCookies()));
        if (management.open()) {
            http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
            return http.build();
        }
        http.authorizeHttpRequests(auth -> {
            // people from an OpenID Connect provider come with their session from the console's login
            if (management.hasOperators() || oidc.getIfAvailable() != null) {
                // a viewer sees the queue; deciding is an operator's (docs/security.md)
                auth.requestMatchers(HttpMethod.GET, "/api/review/**").hasRole(Role.VIEWER.name());
                auth.anyRequest().hasRole(Role.OPERATOR.name());
            } else {
                auth.anyRequest().denyAll();
            }
        }).httpBasic(Customizer.withDefaults()).addFilterBefore(throttle.filter(), BasicAuthenticationFilter.class);
        return http.build();
    }
}
