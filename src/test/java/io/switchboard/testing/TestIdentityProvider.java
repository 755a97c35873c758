package io.switchboard.testing;

import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * A real OpenID Connect provider for the tests: Spring Authorization Server, in this JVM at
 * {@code http://localhost:<port>}, with the service registered as client {@code switchboard} and three people whose ID
 * tokens carry their Switchboard role in the {@code switchboard_roles} claim (OidcLoginIT). The service is given its
 * endpoints (no discovery at start), so it is started only by the test that logs in through it. Browsers reach the
 * service at 127.0.0.1, a host apart, so the two sessions' cookies never meet (cookies ignore ports), and a loopback
 * redirect URI matches whatever port the service took.
 */
public final class TestIdentityProvider implements AutoCloseable {

    public static final String REGISTRATION = "sso";
    public static final String CLIENT_SECRET = "test-oidc-client-secret";
    /** Operator role. */
    public static final String DANA = "dana";
    /** Viewer role. */
    public static final String ROBIN = "robin";
    /** Known to the provider, but without a Switchboard role. */
    public static final String LEE = "lee";
    public static final String PASSWORD = "test-oidc-password";

    private final int port;
    private ConfigurableApplicationContext context;

    /** The provider to be, at this port; nothing runs until {@link #start()}. */
    TestIdentityProvider(int port) {
        this.port = port;
    }

    /** Starts it, once; the test logging in through it calls this first. */
    public synchronized TestIdentityProvider start() {
        if (context != null) {
            return this;
        }
        String client = "spring.security.oauth2.authorizationserver.client.switchboard.";
        Map<String, Object> settings = new java.util.LinkedHashMap<>();
        // none of the service's configuration files: this is another application
        settings.put("spring.config.name", "test-identity-provider");
        settings.put("server.port", String.valueOf(port));
        settings.put("spring.main.banner-mode", "off");
        settings.put(client + "registration.client-id", "switchboard");
        settings.put(client + "registration.client-secret", "{noop}" + CLIENT_SECRET);
        settings.put(client + "registration.client-authentication-methods", "client_secret_basic");
        settings.put(client + "registration.authorization-grant-types", "authorization_code");
        settings.put(client + "registration.redirect-uris", "http://127.0.0.1/login/oauth2/code/" + REGISTRATION);
        settings.put(client + "registration.scopes", "openid,profile");
        settings.put(client + "require-authorization-consent", "false");
        context = new SpringApplicationBuilder(Provider.class)
                .web(WebApplicationType.SERVLET).properties(settings).registerShutdownHook(false).run();
        return this;
    }

    public String issuer() {
        return "http://localhost:" + port;
    }

    /** The service's settings to let this provider's people in. */
    public Map<String, String> serviceSettings() {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        String registration = "spring.security.oauth2.client.registration." + REGISTRATION + ".";
        p.put(registration + "provider", REGISTRATION);
        p.put(registration + "client-id", "switchboard");
        p.put(registration + "client-secret", CLIENT_SECRET);
        p.put(registration + "client-name", "Test SSO");
        p.put(registration + "scope", "openid,profile");
        p.put(registration + "authorization-grant-type", "authorization_code");
        p.put(registration + "redirect-uri", "{baseUrl}/login/oauth2/code/{registrationId}");
        // its endpoints, as Spring Authorization Server serves them (issuer-uri would ask it for them at start)
        String provider = "spring.security.oauth2.client.provider." + REGISTRATION + ".";
        p.put(provider + "authorization-uri", issuer() + "/oauth2/authorize");
        p.put(provider + "token-uri", issuer() + "/oauth2/token");
        p.put(provider + "jwk-set-uri", issuer() + "/oauth2/jwks");
        p.put(provider + "user-name-attribute", "sub");
        return p;
    }

    @Override
    public synchronized void close() {
        if (context != null) {
            context.close();
        }
    }

    /** Not a @Configuration: the service's component scan (io.switchboard..) must not find it. */
    @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ServletWebServerFactoryAutoConfiguration.class,
            DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
            HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class, SecurityAutoConfiguration.class,
            OAuth2AuthorizationServerAutoConfiguration.class, OAuth2AuthorizationServerJwtAutoConfiguration.class})
    static class Provider {

        @Bean
        InMemoryUserDetailsManager people() {
            return new InMemoryUserDetailsManager(
                    User.withUsername(DANA).password("{noop}" + PASSWORD).roles("USER").build(),
                    User.withUsername(ROBIN).password("{noop}" + PASSWORD).roles("USER").build(),
                    User.withUsername(LEE).password("{noop}" + PASSWORD).roles("USER").build());
        }

        /** Each person's Switchboard role, in the ID token as the service's default claim names it. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> roles() {
            Map<String, List<String>> roles = Map.of(DANA, List.of("operator"), ROBIN, List.of("viewer", "unknown"));
            return context -> {
                if ("id_token".equals(context.getTokenType().getValue())) {
                    List<String> theirs = roles.get(context.getPrincipal().getName());
                    if (theirs != null) {
                        context.getClaims().claim("switchboard_roles", theirs);
                    }
                }
            };
        }
    }
}
