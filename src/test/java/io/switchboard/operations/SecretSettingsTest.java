package io.switchboard.operations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizableData;

/** What /actuator/env and /actuator/configprops show of a setting, even to an admin. */
class SecretSettingsTest {

    private final SecretSettings settings = new SecretSettings();

    private Object shown(String key, String value) {
        return settings.apply(new SanitizableData(null, key, value)).getValue();
    }

    @Test
    void aPasswordInAUrlIsMaskedWhereverTheUrlPutsIt() {
        assertThat(shown("switchboard.console.url", "jdbc:postgresql://sb:hunter2@db:5432/sb")).asString()
                .doesNotContain("hunter2").contains("db:5432/sb");
        assertThat(shown("switchboard.console.url", "jdbc:postgresql://db:5432/sb?user=sb&password=hunter2&ssl=true"))
                .asString().doesNotContain("hunter2").contains("user=sb").contains("ssl=true");
        assertThat(shown("switchboard.console.url", "jdbc:postgresql://db/sb?sslpassword=hunter2")).asString()
                .doesNotContain("hunter2");
    }

    @Test
    void aKafkaKeyInPemIsASecret() {
        assertThat(shown("switchboard.kafka.properties.ssl.keystore.key", "-----BEGIN PRIVATE KEY-----abc"))
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
        assertThat(shown("switchboard.kafka.bootstrap-servers", "broker:9093")).isEqualTo("broker:9093");
    }
}
