package io.switchboard.console.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.console.ConsoleProperties;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * A second instance started in the same folder with the default settings finds the first one's H2 file taken: it
 * refuses with one line that names the settings, not a hundred lines of stack trace. (An IT: a second JVM holds the
 * file, and a small Spring context shows what the start reports.)
 */
@ExtendWith(OutputCaptureExtension.class)
class StoreInUseIT {

    @Configuration
    @EnableConfigurationProperties(ConsoleProperties.class)
    @Import(StoreConfig.class)
    static class StoreOnly {
    }

    @Test
    void aStoreFileHeldByAnotherProcessIsRefusedInOneLineNamingTheSetting(CapturedOutput output) throws Exception {
        Path folder = Files.createTempDirectory("store-in-use-");
        ConsoleProperties properties = new ConsoleProperties(folder, "switchboard", "", "", "", true, Duration.ofDays(7),
                200_000, Duration.ofMinutes(5));
        Process first = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), H2FileHolder.class.getName(), properties.jdbcUrl())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("open");

            assertThatThrownBy(() -> StoreConfig.open(properties)).isInstanceOf(StoreUnavailable.class)
                    .satisfies(e -> {
                        assertThat(e.getMessage()).doesNotContain("\n").contains("in use by another process")
                                .contains("switchboard.console.instance");
                        assertThat(((StoreUnavailable) e).action()).contains("switchboard.console.instance")
                                .contains("switchboard.console.url");
                    });

            // as the service starts: Spring Boot reports it through the store's failure analyzer, without the trace
            // (arguments, as a user gives them: they outrank config/application.yaml)
            assertThatThrownBy(() -> new SpringApplicationBuilder(StoreOnly.class).web(WebApplicationType.NONE)
                    .run("--switchboard.console.directory=" + folder, "--switchboard.console.instance=switchboard",
                            "--spring.main.banner-mode=off")).hasStackTraceContaining("is in use by another process");
            assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START")
                    .contains("is in use by another process").contains("Give each instance on this machine its own")
                    .doesNotContain("\tat org.h2");
        } finally {
            first.getOutputStream().close();
            first.waitFor(10, TimeUnit.SECONDS);
            first.destroyForcibly();
        }
        // once the first instance is gone, the same settings open the store
        StoreConfig.open(properties).close();
    }
}
