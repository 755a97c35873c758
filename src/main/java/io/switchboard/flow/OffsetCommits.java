package io.switchboard.flow;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The last step: commits the consumed offsets, only once every outcome of the batch is written (delivered,
 * skipped or dead-lettered). A failure before this point leaves the offsets where they were, so the records come
 * back; since every write is idempotent, a record that comes back changes nothing twice.
 */
@Component("offsets")
public class OffsetCommits {

    private static final Logger log = LoggerFactory.getLogger(OffsetCommits.class);
    static final String COMMITS = "switchboardCommits";

    private final ConsumerPause pause;

    public OffsetCommits(ConsumerPause pause) {
        this.pause = pause;
    }

    /** Keeps, per partition, the commit of the batch's last record there (a commit covers everything before it). */
    void remember(Exchange exchange, List<Exchange> records) {
        Map<String, PendingCommit> last = new HashMap<>();
        for (Exchange record : records) {
            var m = record.getMessage();
            KafkaManualCommit commit = m.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit == null) {
                throw new IllegalStateException("The Kafka consumer of route " + exchange.getFromRouteId()
                        + " must set allowManualCommit=true so offsets are committed only after delivery");
            }
            String partition = m.getHeader(KafkaConstants.TOPIC) + "-" + m.getHeader(KafkaConstants.PARTITION);
            last.merge(partition, new PendingCommit(partition, m.getHeader(KafkaConstants.OFFSET, 0L, Long.class), commit),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        exchange.setProperty(COMMITS, Map.copyOf(last));
    }

    private record PendingCommit(String partition, long offset, KafkaManualCommit commit) {
    }

    @SuppressWarnings("unchecked")
    public void commit(Exchange exchange) {
        Map<String, PendingCommit> commits = exchange.getProperty(COMMITS, Map.class);
        if (commits == null) {
            throw new IllegalStateException("No offsets to commit: the intake step did not run on this exchange");
        }
        pause.finished();
        for (PendingCommit pending : commits.values()) {
            try {
                pending.commit().commit();
            } catch (RuntimeException e) {
                // Typically a rebalance while Salesforce was down: the partition now belongs to another consumer,
                // which reads these records again; the idempotent writes make that harmless.
                log.warn("Could not commit offset {} of {} ({}); its records will be read again and change nothing",
                        pending.offset(), pending.partition(), e.getMessage());
            }
        }
    }
}
