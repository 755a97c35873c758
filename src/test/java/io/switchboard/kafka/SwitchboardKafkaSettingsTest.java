package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** switchboard.kafka.* as docs/kafka.md describes it: from YAML or the environment, to every client alike. */
class SwitchboardKafkaSettingsTest {

    @Test
    void rawClientSettingsBindFromTheEnvironmentUnderTheirKafkaNames() {
        StandardEnvironment environment = new StandardEnvironment();
        // the environment as the service sees it (Spring Boot maps names only for the source of this name)
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "SWITCHBOARD_KAFKA_BOOTSTRAPSERVERS", "broker:9093",
                "SWITCHBOARD_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "ScramLoginModule required;",
                "SWITCHBOARD_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL")));
        KafkaConnection connection = bind(environment);
        assertThat(connection.bootstrapServers()).isEqualTo("broker:9093");
        assertThat(connection.properties()).containsEntry("sasl.jaas.config", "ScramLoginModule required;")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void yamlsNestedKeysAreTheSameDottedNames() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("yaml", Map.of(
                "switchboard.kafka.bootstrap-servers", "broker:9093",
                "switchboard.kafka.properties.ssl.truststore.location", "/etc/ca.p12")));
        assertThat(bind(environment).properties()).containsExactly(Map.entry("ssl.truststore.location", "/etc/ca.p12"));
    }

    @Test
    void everyClientStartsFromTheConnectionAndKeepsItsOwnSettings() {
        KafkaClients clients = new KafkaClients(new KafkaConnection("broker:9093",
                Map.of("security.protocol", "SSL", "acks", "1")));
        Properties common = clients.common();
        assertThat(common).containsEntry("bootstrap.servers", "broker:9093").containsEntry("security.protocol", "SSL");
        assertThat(clients.connectionProperties()).doesNotContainKey("bootstrap.servers");
    }

    @Test
    void aMissingOrMisplacedBrokerListIsOneLineNamingTheSetting() {
        assertThatThrownBy(() -> new KafkaClients(new KafkaConnection(" ", Map.of())))
                .hasMessageStartingWith("switchboard.kafka.bootstrap-servers is not set");
        assertThatThrownBy(() -> new KafkaClients(new KafkaConnection("a:1", Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "b:2"))))
                .hasMessageContaining("switchboard.kafka.bootstrap-servers instead");
    }

    private static KafkaConnection bind(StandardEnvironment environment) {
        return new Binder(ConfigurationPropertySources.get(environment))
                .bind("switchboard.kafka", KafkaConnection.class).get();
    }
}
