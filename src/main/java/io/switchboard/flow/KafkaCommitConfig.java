package io.switchboard.flow;

import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommitFactory;
import org.apache.camel.component.kafka.consumer.KafkaManualCommitFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Manual offset commits that go straight to the broker (commitSync): without a factory the Kafka component
 * silently uses a no-op commit manager, and offsets would never move.
 */
@Configuration
public class KafkaCommitConfig {

    @Bean
    KafkaManualCommitFactory kafkaManualCommitFactory() {
        return new DefaultKafkaManualCommitFactory();
    }
}
