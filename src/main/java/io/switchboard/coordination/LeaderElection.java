package io.switchboard.coordination;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's membership in the election of one part (a Kafka consumer group of its own on the coordination
 * topic). The member the group assigns partition 0 leads; Kafka does the rest: a member that leaves (a clean stop)
 * is replaced at once, one that goes silent (killed, frozen, cut off) once its session times out, and the sticky
 * cooperative assignor leaves the partition where it is while instances join, so leadership moves only when its
 * holder goes. A revoked partition is given to the next member only after the callback that stops the part returned
 * (the cooperative protocol revokes before it assigns), so two instances never lead at once while both are in touch
 * with the group.
 */
public final class LeaderElection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    private final String role;
    private final String topic;
    private final Supplier<KafkaConsumer<byte[], byte[]>> consumers;
    private final Runnable prepare;
    private final Leadership part;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean leading;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    LeaderElection(String role, String topic, Supplier<KafkaConsumer<byte[], byte[]>> consumers, Runnable prepare,
                   Leadership part) {
        this.role = role;
        this.topic = topic;
        this.consumers = consumers;
        this.prepare = prepare;
        this.part = part;
        this.thread = new Thread(this::run, "switchboard-election-" + role);
        this.thread.setDaemon(true);
    }

    LeaderElection start() {
        thread.start();
        return this;
    }

    /** Whether this instance runs the part now. */
    public boolean leading() {
        return leading;
    }

    public String role() {
        return role;
    }

    private void run() {
        Duration retry = Duration.ofSeconds(1);
        while (!closed) {
            try {
                prepare.run();
                break;
            } catch (RuntimeException e) {
                LOG.warn("Election of the {}: cannot use Kafka's coordination topic {} yet ({}); trying again in {} s"
                        + " (the service creates it, with one partition, where its Kafka user may; or create it so)",
                        role, topic, e.getMessage(), retry.toSeconds());
                sleep(retry);
                retry = retry.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : retry.multipliedBy(2);
            }
        }
        if (closed) {
            return;
        }
        try (KafkaConsumer<byte[], byte[]> c = consumers.get()) {
            consumer = c;
            c.subscribe(List.of(topic), new Listener());
            while (!closed) {
                try {
                    c.poll(Duration.ofMillis(500));
                } catch (WakeupException e) {
                    // close() asks the loop to end
                } catch (RuntimeException e) {
                    LOG.warn("Election of the {}: {}", role, e.getMessage());
                    sleep(Duration.ofSeconds(1));
                }
            }
            // closing leaves the group (the listener stands the part down first), so the next member takes over now
        } catch (RuntimeException e) {
            LOG.warn("Election of the {} ended: {}", role, e.getMessage());
        } finally {
            consumer = null;
            if (leading) {
                standDown("this instance stops");
            }
        }
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!leading && holdsTheLead(partitions)) {
                leading = true;
                LOG.info("This instance now runs the {} (elected on {})", role, topic);
                try {
                    part.lead();
                } catch (RuntimeException e) {
                    LOG.warn("The {} could not start: {}", role, e.getMessage());
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (leading && holdsTheLead(partitions)) {
                standDown(closed ? "this instance leaves the election" : "another instance takes over");
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (leading && holdsTheLead(partitions)) {
                standDown("this instance lost its session with Kafka");
            }
        }
    }

    private static boolean holdsTheLead(Collection<TopicPartition> partitions) {
        return partitions.stream().anyMatch(p -> p.partition() == 0);
    }

    private void standDown(String why) {
        leading = false;
        LOG.info("This instance stops running the {}: {}", role, why);
        try {
            part.standDown();
        } catch (RuntimeException e) {
            LOG.warn("The {} did not stop cleanly: {}", role, e.getMessage());
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Leaves the election (standing the part down first, when it leads) and waits until left. */
    @Override
    public void close() {
        closed = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            // not an interrupt: the consumer must leave the group cleanly, so that the next member takes over now
            c.wakeup();
        } else {
            thread.interrupt();
        }
        try {
            thread.join(Duration.ofSeconds(60).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
