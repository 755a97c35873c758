package io.switchboard.operations;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Management endpoints and the console are for named operators (docs/security.md): health is open (for probes;
 * status only, details need a login), everything else needs a login (a login page for browsers, HTTP Basic for
 * scripts) and a role: a viewer sees everything, an operator also replays, discards and decides reviews, an admin
 * also reloads rules and runs JMX operations (inside Jolokia: {@link JolokiaRoles}). With no operator configured it
 * is closed. Local mode opens all, and only on the loopback address ({@link LocalModeGuard}).
 *
 * <p>Every state-changing request (POST and the like) needs the CSRF token, in local mode too: the console's
 * actions, its JSON API and Jolokia's (JMX operations from Hawtio). The token lives in the {@code XSRF-TOKEN} cookie,
 * readable by the page's scripts, which is how Hawtio sends it back (header {@code X-XSRF-TOKEN}); the console's
 * forms carry it as {@code _csrf}. The exceptions: {@code POST /dry-run}, which writes nothing, and the ingress.
 * Jolokia takes POSTs only, and only with an Origin naming this service ({@link SameOriginFilter}).
 *
 * <p>The webhook ingress ({@code /ingress/**}) is for machines, not operators: it is open to Spring Security and each
 * request is authenticated by the ingress itself, by its producer's token or signature (see the README, "Webhook
 * ingress"). CSRF protection does not apply to it: CSRF abuses a browser's ambient credentials (a session cookie,
 * a remembered Basic login), and an ingress request carries none: its proof is a secret it must hold itself, in a
 * header or in a body signed with it, which a forged cross-site request cannot supply.
 */
@Configuration
public class SecurityConfig {

    /**
     * Where Jolokia answers: its own path, and Hawtio's, which forwards to it (a forward passes no filter again, so
     * both are guarded). Its POSTs run JMX operations, so they must come from this service's own pages.
     */
    static final String[] JOLOKIA = {"/actuator/jolokia/**", "/actuator/hawtio/jolokia/**"};
    /** Who acts in local mode, where nobody logs in (the audit says so too). */
    private static final String LOCAL_OPERATOR = "local operator (no login in local mode)";

    @Bean
    SecurityFilterChain security(HttpSecurity http, ManagementProperties management, LoginThrottle throttle,
                                 Environment environment, ObjectProvider<ClientRegistrationRepository> oidc)
            throws Exception {
        http.csrf(csrf -> csrf.csrfTokenRepository(csrfCookies())
                        .csrfTokenRequestHandler(new SpaCsrfTokenRequestHandler())
                        .ignoringRequestMatchers(path("/dry-run"), path("/ingress/**")))
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class)
                // a cross-site page's POST to Jolokia is refused before it gets near the CSRF check or an MBean
                .addFilterBefore(new SameOriginFilter(new OrRequestMatcher(path(JOLOKIA[0]), path(JOLOKIA[1]))),
                        CsrfFilter.class)
                // the console's pages run only their own scripts: a value that slipped past escaping still cannot run
                .headers(headers -> headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(path("/console/**"),
                        new StaticHeadersWriter("Content-Security-Policy", "default-src 'self'; script-src 'self'; "
                                + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
                                + "base-uri 'none'; form-action 'self'; frame-ancestors 'self'"))));
        if (management.open()) {
            LocalModeGuard.requireLoopback(environment);
            // bound to loopback, and asked for by a loopback name: a rebound name of another site is refused
            http.addFilterBefore(new LoopbackHostFilter(), CsrfFilter.class);
            // no login in local mode: whoever reaches the loopback address acts as an admin, under this name
            http.anonymous(anonymous -> anonymous.principal(LOCAL_OPERATOR).authorities(Role.ADMIN.authorities()))
                    .authorizeHttpRequests(auth -> {
                        auth.requestMatchers(HttpMethod.GET, JOLOKIA).denyAll();
                        auth.anyRequest().permitAll();
                    });
            return http.build();
        }
        http.authorizeHttpRequests(auth -> {
            auth.requestMatchers("/actuator/health", "/actuator/health/**").permitAll();
            auth.requestMatchers(HttpMethod.POST, "/ingress/*").permitAll();
            // the error page tells a refused request why (a 403 for a missing CSRF token stays a 403)
            auth.dispatcherTypeMatchers(jakarta.servlet.DispatcherType.ERROR).permitAll();
            if (management.hasOperators() || oidc.getIfAvailable() != null) {
                auth.requestMatchers("/login", "/webjars/**", "/console/assets/**", "/favicon.ico").permitAll();
                // Jolokia over POST only (jolokia-access.xml says so too): a GET of another site's <img> runs nothing
                auth.requestMatchers(HttpMethod.GET, JOLOKIA).denyAll();
                // what each role may change (docs/security.md); exec and write inside Jolokia: JolokiaRoles
                auth.requestMatchers(HttpMethod.POST, JOLOKIA).hasRole(Role.VIEWER.name());
                auth.requestMatchers(HttpMethod.POST, "/dry-run", "/console/dead-letters/*/dry-run",
                        "/console/api/dead-letters/*/dry-run", "/logout").hasRole(Role.VIEWER.name());
                auth.requestMatchers(HttpMethod.POST, "/console/**").hasRole(Role.OPERATOR.name());
                // the service's settings, masked or not, are for admins
                auth.requestMatchers("/actuator/env", "/actuator/env/**", "/actuator/configprops",
                        "/actuator/configprops/**").hasRole(Role.ADMIN.name());
                auth.requestMatchers(HttpMethod.GET, "/**").hasRole(Role.VIEWER.name());
                auth.anyRequest().hasRole(Role.ADMIN.name());
            } else {
                auth.anyRequest().denyAll();
            }
        }).httpBasic(basic -> basic.authenticationEntryPoint(basicEntryPoint()))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/console", false).permitAll())
                .addFilterBefore(throttle.filter(), UsernamePasswordAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint()))
                .requestCache(cache -> cache.requestCache(consolePagesOnly()));
        if (oidc.getIfAvailable() != null) {
            // people from the OpenID Connect provider registered: the login page links to it
            http.oauth2Login(login -> login.loginPage("/login").defaultSuccessUrl("/console", false)
                    .userInfoEndpoint(user -> user.oidcUserService(new OidcRoles(management.oidc().rolesClaim()))));
        }
        return http.build();
    }

    /**
     * The {@code XSRF-TOKEN} cookie: readable by the page's scripts (Hawtio sends it back in a header), SameSite=Lax
     * like the session cookie, and Secure when the request came over TLS (also as a proxy's forwarded headers say).
     */
    public static CookieCsrfTokenRepository csrfCookies() {
        CookieCsrfTokenRepository cookies = CookieCsrfTokenRepository.withHttpOnlyFalse();
        cookies.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
        return cookies;
    }

    @Bean
    public LoginThrottle loginThrottle(ManagementProperties management) {
        return new LoginThrottle(management.login(), java.time.Clock.systemUTC());
    }

    /** A console page a browser asks for (not its API): these go to the login page, and back after it. */
    private static final RequestMatcher CONSOLE_PAGES = request -> {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return (path.equals("/console") || path.startsWith("/console/")) && !path.startsWith("/console/api/");
    };

    /** After the login, back to the console page asked for; never to a script's request or a favicon. */
    private static HttpSessionRequestCache consolePagesOnly() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(request -> "GET".equals(request.getMethod()) && CONSOLE_PAGES.matches(request));
        return cache;
    }

    /** Browsers on the console's pages go to the login page; everything else (scripts, Jolokia) gets a 401. */
    private static AuthenticationEntryPoint entryPoint() {
        LinkedHashMap<RequestMatcher, AuthenticationEntryPoint> byPath = new LinkedHashMap<>();
        byPath.put(CONSOLE_PAGES, new LoginUrlAuthenticationEntryPoint("/login"));
        DelegatingAuthenticationEntryPoint delegating = new DelegatingAuthenticationEntryPoint(byPath);
        delegating.setDefaultEntryPoint(basicEntryPoint());
        return delegating;
    }

    private static BasicAuthenticationEntryPoint basicEntryPoint() {
        BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName("switchboard");
        return basic;
    }

    private static RequestMatcher path(String pattern) {
        return PathPatternRequestMatcher.withDefaults().matcher(pattern);
    }

    /**
     * The operators of the configuration, each with the role named; declared so Spring Boot never generates a password
     * and prints it in the log.
     */
    @Bean
    InMemoryUserDetailsManager operators(ManagementProperties management, Environment environment) {
        if (StringUtils.hasText(environment.getProperty("switchboard.management.password"))) {
            throw new SecuritySettingsException("switchboard.management.password (SWITCHBOARD_MANAGEMENT_PASSWORD) is no "
                    + "longer read: name each person under switchboard.management.operators.<name> with a password hash "
                    + "and a role (docs/security.md)");
        }
        List<UserDetails> users = new ArrayList<>();
        management.operators().forEach((name, account) -> users.add(User.withUsername(name)
                .password(OperatorPasswords.checked(name, account.password()))
                .authorities(Role.named(account.role()).orElseThrow(() -> new SecuritySettingsException(
                        "switchboard.management.operators." + name + ".role is '" + account.role()
                                + "': it must be viewer, operator or admin")).authorities())
                .build()));
        return new InMemoryUserDetailsManager(users);
    }

    /**
     * The token as a script reads it from the cookie comes back raw in a header (Hawtio, scripts); a form rendered by
     * the server carries the masked token (BREACH protection), as Spring Security's default does.
     */
    static final class SpaCsrfTokenRequestHandler implements CsrfTokenRequestHandler {
        private final CsrfTokenRequestHandler plain = new CsrfTokenRequestAttributeHandler();
        private final CsrfTokenRequestHandler xor = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
            xor.handle(request, response, token);
            // loads the token, so the cookie is set
            token.get();
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            String header = request.getHeader(token.getHeaderName());
            if (!StringUtils.hasText(header)) {
                return xor.resolveCsrfTokenValue(request, token);
            }
            // the raw token, as read from the cookie; else a masked one, as a page or GET /console/api/csrf gives it
            String raw = plain.resolveCsrfTokenValue(request, token);
            return java.security.MessageDigest.isEqual(bytes(raw), bytes(token.getToken())) ? raw
                    : xor.resolveCsrfTokenValue(request, token);
        }

        private static byte[] bytes(String s) {
            return s == null ? new byte[0] : s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Sets the token cookie on every response, so a script (Hawtio) has it before its first POST. */
    static final class CsrfCookieFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
