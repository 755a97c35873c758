package io.switchboard.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The security settings a start refuses, each with one line naming the setting: the open console outside loopback
 * (local mode), an operator's password that is not a hash, a role that does not exist, the old shared password.
 * Spring Security's own configuration with the service's, without the rest of the service.
 */
class SecuritySettingsTest {

    @Configuration
    @EnableConfigurationProperties(ManagementProperties.class)
    @Import(SecurityConfig.class)
    static class Security {
    }

    private final WebApplicationContextRunner context = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
                    org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration.class))
            .withUserConfiguration(Security.class);

    @Test
    void theOpenConsoleIsRefusedUnlessTheServerListensOnLoopback() {
        for (String address : new String[] {null, "0.0.0.0", "::", "192.0.2.10"}) {
            var refused = address == null ? context.withPropertyValues("switchboard.management.open=true")
                    : context.withPropertyValues("switchboard.management.open=true", "server.address=" + address);
            refused.run(started -> assertThat(oneLine(started.getStartupFailure())).as(String.valueOf(address))
                    .contains("switchboard.management.open").contains("server.address"));
        }
        for (String loopback : new String[] {"127.0.0.1", "::1", "localhost"}) {
            context.withPropertyValues("switchboard.management.open=true", "server.address=" + loopback)
                    .run(started -> assertThat(started).as(loopback).hasNotFailed());
        }
    }

    @Test
    void anOperatorsPasswordMustBeAHashAndTheirRoleOneOfThree() {
        for (String plain : new String[] {"hunter2", "{noop}hunter2", "{sha256}abc"}) {
            context.withPropertyValues("switchboard.management.operators.dana.password=" + plain,
                            "switchboard.management.operators.dana.role=admin")
                    .run(started -> assertThat(oneLine(started.getStartupFailure()))
                            .contains("switchboard.management.operators.dana.password").doesNotContain(plain));
        }
        String hash = "{bcrypt}" + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4).encode("pw");
        context.withPropertyValues("switchboard.management.operators.dana.password=" + hash,
                        "switchboard.management.operators.dana.role=root")
                .run(started -> assertThat(oneLine(started.getStartupFailure()))
                        .contains("switchboard.management.operators.dana.role").contains("viewer, operator or admin"));
        context.withPropertyValues("switchboard.management.operators.dana.password=" + hash,
                        "switchboard.management.operators.dana.role=admin")
                .run(started -> assertThat(started).hasNotFailed());
        context.withPropertyValues("switchboard.management.password=the-old-shared-one")
                .run(started -> assertThat(oneLine(started.getStartupFailure()))
                        .contains("switchboard.management.password").contains("switchboard.management.operators")
                        .doesNotContain("the-old-shared-one"));
    }

    @Test
    void secretsAreKnownByTheirNames() {
        assertThat(SecretSettings.isSecret("camel.component.salesforce.client-secret")).isTrue();
        assertThat(SecretSettings.isSecret("camel.component.kafka.sasl-jaas-config")).isTrue();
        assertThat(SecretSettings.isSecret("SALESFORCE_REFRESH_TOKEN")).isTrue();
        assertThat(SecretSettings.isSecret("switchboard.ingress.producers.aircall.secret")).isTrue();
        assertThat(SecretSettings.isSecret("camel.component.kafka.ssl-keystore-password")).isTrue();
        assertThat(SecretSettings.isSecret("switchboard.kafka.group-id")).isFalse();
        assertThat(SecretSettings.isSecret("switchboard.ingress.producers.aircall.auth")).isFalse();
    }

    /** The failure as the start reports it: the analysis's description, one line. */
    private static String oneLine(Throwable failure) {
        assertThat(failure).as("the start should have been refused").isNotNull();
        FailureAnalysis analysis = new SecuritySettingsFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("no SecuritySettingsException in %s", failure).isNotNull();
        assertThat(analysis.getDescription()).doesNotContain("\n");
        return analysis.getDescription();
    }
}
