package io.switchboard.flow;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.springframework.stereotype.Component;

/**
 * The last step: commits the consumed record's offset, only once every outcome of it is written (delivered,
 * skipped or dead-lettered). A failure before this point leaves the offset where it was, so the record comes back.
 */
@Component("offsets")
public class OffsetCommits {

    public void commit(Exchange exchange) {
        KafkaManualCommit commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit == null) {
            throw new IllegalStateException("The Kafka consumer of route " + exchange.getFromRouteId()
                    + " must set allowManualCommit=true so offsets are committed only after delivery");
        }
        commit.commit();
    }
}
