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
 * A real OpenID Connect provider for the tests: Spring Authorization Server, in this JVM on a free port at
 * {@code http://localhost:<port>}, with the service registered as client {@code switchboard} and three people whose ID
 * tokens carry their Switchboard role in the {@code switchboard_roles} claim (OidcLoginIT). The service reaches it at
 * start (issuer discovery); browsers reach the service at 127.0.0.1, a host apart, so the two sessions' cookies never
 * meet (cookies ignore ports), and a loopback redirect URI matches whatever port the service took.
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

    private final ConfigurableApplicationContext context;

    private TestIdentityProvider(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static TestIdentityProvider start() {
        String client = "spring.security.oauth2.authorizationserver.client.switchboard.";
        Map<String, Object> settings = new java.util.LinkedHashMap<>();
        // none of the service's configuration files: this is another application
        settings.put("spring.config.name", "test-identity-provider");
        settings.put("server.port", "0");
        settings.put("spring.main.banner-mode", "off");
        settings.put(client + "registration.client-id", "switchboard");
        settings.put(client + "registration.client-secret", "{noop}" + CLIENT_SECRET);
        settings.put(client + "registration.client-authentication-methods", "client_secret_basic");
        settings.put(client + "registration.authorization-grant-types", "authorization_code");
        settings.put(client + "registration.redirect-uris", "http://127.0.0.1/login/oauth2/code/" + REGISTRATION);
        settings.put(client + "registration.scopes", "openid,profile");
        settings.put(client + "require-authorization-consent", "false");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Provider.class)
                .web(WebApplicationType.SERVLET).properties(settings).registerShutdownHook(false).run();
        return new TestIdentityProvider(context);
    }

    public String issuer() {
        return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
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
        p.put("spring.security.oauth2.client.provider." + REGISTRATION + ".issuer-uri", issuer());
        p.put("spring.security.oauth2.client.provider." + REGISTRATION + ".user-name-attribute", "sub");
        return p;
    }

    @Override
    public void close() {
        context.close();
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
