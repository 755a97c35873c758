package io.switchboard.kafka;

import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Camel Kafka component reaches the cluster as every other client does: its brokers and, as additional
 * properties, the connection's raw settings. Camel applies additional properties after its own fields, so
 * {@code security.protocol} and the {@code ssl.*} settings given here win over the component's defaults (PLAINTEXT,
 * JKS stores, https host checking); an endpoint's {@code brokers} (an ingress producer's edge cluster) still names
 * its own brokers and gets the same security.
 */
@Configuration(proxyBeanMethods = false)
class CamelKafkaConnection {

    @Bean
    ComponentCustomizer kafkaConnectionCustomizer(KafkaClients clients) {
        return ComponentCustomizer.forType(KafkaComponent.class, kafka -> {
            kafka.getConfiguration().setBrokers(clients.bootstrapServers());
            var additional = clients.connectionProperties();
            if (kafka.getConfiguration().getAdditionalProperties() != null) {
                // what camel.component.kafka.additional-properties names explicitly is kept
                additional.putAll(kafka.getConfiguration().getAdditionalProperties());
            }
            kafka.getConfiguration().setAdditionalProperties(additional);
        });
    }
}
