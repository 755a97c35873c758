package io.switchboard.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the intake takes for a batch's records, from what Camel's Kafka consumer hands the route. */
class IntakeRecordsTest {

    private final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void aBatchIsItsRecords() {
        Exchange first = record("interactions.calls", 0, 7);
        Exchange second = record("interactions.calls", 1, 3);
        Exchange batch = new DefaultExchange(camel);
        batch.getMessage().setBody(List.of(first, second));
        assertThat(Intake.records(batch)).containsExactly(first, second);
    }

    @Test
    void aSingleRecordIsItself() {
        Exchange one = record("interactions.web", 2, 11);
        assertThat(Intake.records(one)).containsExactly(one);
    }

    @Test
    void aFailedPollHoldsNoRecordSoNothingIsDeadLetteredOrCommittedForIt() {
        // what Camel's Kafka consumer routes when its poll fails (a broker refusing the login or the certificate):
        // an exchange with the exception and no record; the error handling must not fail on it (a stack dump)
        Exchange failedPoll = new DefaultExchange(camel);
        failedPoll.setException(new IllegalStateException("SSL handshake failed"));
        assertThat(Intake.records(failedPoll)).isEmpty();
    }

    private Exchange record(String topic, int partition, long offset) {
        Exchange record = new DefaultExchange(camel);
        record.getMessage().setHeader(KafkaConstants.TOPIC, topic);
        record.getMessage().setHeader(KafkaConstants.PARTITION, partition);
        record.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        record.getMessage().setBody(new byte[] {'{', '}'});
        return record;
    }
}
