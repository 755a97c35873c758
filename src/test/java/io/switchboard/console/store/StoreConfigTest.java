package io.switchboard.console.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.console.ConsoleProperties;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The store's settings refused at start in one line that says what to change, and never shows a URL's secrets. */
class StoreConfigTest {

    private static ConsoleProperties url(String url) {
        return new ConsoleProperties(Path.of("unused"), "switchboard", url, "switchboard", "secret", true,
                Duration.ofDays(7), 200_000, Duration.ofMinutes(5));
    }

    @Test
    void aDatabaseWithoutMigrationsIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> StoreConfig.open(url("jdbc:mysql://db:3306/switchboard?password=hidden")))
                .isInstanceOf(StoreUnavailable.class)
                .hasMessageContaining("switchboard.console.url").hasMessageNotContaining("hidden")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aPostgresqlThatDoesNotAnswerIsOneLineNamingTheSettings() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> StoreConfig.open(url("jdbc:postgresql://127.0.0.1:" + closed
                + "/switchboard?password=hidden&connectTimeout=5")))
                .isInstanceOf(StoreUnavailable.class)
                .hasMessageStartingWith("The console's store at jdbc:postgresql://127.0.0.1:" + closed + "/switchboard cannot be opened")
                .hasMessageNotContaining("hidden")
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("\n");
                    assertThat(((StoreUnavailable) e).action()).contains("switchboard.console.url")
                            .contains("SWITCHBOARD_CONSOLE_PASSWORD");
                });
    }
}
