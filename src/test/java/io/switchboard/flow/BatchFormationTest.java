package io.switchboard.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.model.Failure;
import io.switchboard.model.Interaction;
import io.switchboard.model.RecordOrigin;
import io.switchboard.salesforce.ApiBudget;
import io.switchboard.salesforce.ApiUsage;
import io.switchboard.salesforce.BudgetProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The instance's one batch: consumer threads' records go through the stages together, each thread gets its own
 * results back in its own order (or the batch's failure), a backlog's batches close at once, and an isolation's
 * piece goes through by itself. A real Camel context stands in for the route; nothing is timed to pass.
 */
class BatchFormationTest {

    private CamelContext camel;
    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    /** The consumer threads: as many as the test's rounds hand over from, the same threads round after round. */
    private ExecutorService threads;
    private BatchFormation batches;
    private volatile boolean slowed;
    /** The org's API usage: past its slow-down point when the test says so. */
    private final ApiBudget budget = new ApiBudget(new ApiUsage(),
            new BudgetProperties(0.8, 0.95, Duration.ofSeconds(2), Duration.ofSeconds(60))) {
        @Override
        public State state() {
            return slowed ? State.SLOWED : State.NORMAL;
        }
    };

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:deliver-batch").process(e -> {
                    @SuppressWarnings("unchecked")
                    List<Interaction> batch = e.getMessage().getBody(List.class);
                    batchSizes.add(batch.size());
                    if (batch.stream().anyMatch(i -> i.origin().topic().equals("poison"))) {
                        throw new IllegalStateException("the stages failed on this batch");
                    }
                    e.getMessage().setBody(batch.stream().map(i -> i.withNote("went through")).toList());
                });
            }
        });
        camel.start();
        batches = new BatchFormation(camel, camel.createProducerTemplate(),
                new BatchingProperties(Duration.ofSeconds(6), Duration.ofSeconds(60), 3000), budget);
    }

    @AfterEach
    void stop() {
        if (threads != null) {
            threads.shutdownNow();
        }
        camel.stop();
    }

    @Test
    void theConsumerThreadsRecordsGoThroughAsOneBatchAndEachThreadGetsItsOwnBack() throws Exception {
        threads = Executors.newFixedThreadPool(3);
        // the first round makes the three threads known; in the second, the leader waits for the other two
        round(List.of("a", "b", "c"), System.currentTimeMillis());
        batchSizes.clear();
        List<List<Interaction>> results = round(List.of("a", "b", "c"), System.currentTimeMillis());

        assertThat(batchSizes).containsExactly(9);
        for (int t = 0; t < 3; t++) {
            String topic = List.of("a", "b", "c").get(t);
            assertThat(results.get(t)).extracting(i -> i.origin().topic() + "/" + i.origin().offset())
                    .containsExactly(topic + "/0", topic + "/1", topic + "/2");
            assertThat(results.get(t)).allSatisfy(i -> assertThat(i.notes()).contains("went through"));
        }
    }

    @Test
    void aBatchThatFailsFailsEveryThreadWithItsError() throws Exception {
        threads = Executors.newFixedThreadPool(2);
        round(List.of("a", "b"), System.currentTimeMillis());
        batchSizes.clear();
        CountDownLatch together = new CountDownLatch(2);
        List<Future<List<Interaction>>> running = new ArrayList<>();
        for (String topic : List.of("a", "poison")) {
            running.add(threads.submit(() -> {
                together.countDown();
                together.await();
                return batches.deliverTogether(exchange(topic, System.currentTimeMillis()));
            }));
        }
        for (Future<List<Interaction>> f : running) {
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS)).hasRootCauseMessage("the stages failed on this batch");
        }
        assertThat(batchSizes).containsExactly(6);
    }

    @Test
    void aBacklogsRecordsAreOldSoTheirBatchClosesAtOnce() throws Exception {
        // shares of three records are a backlog's where a batch holds nine at most (a third or more)
        batches = new BatchFormation(camel, camel.createProducerTemplate(),
                new BatchingProperties(Duration.ofSeconds(6), Duration.ofSeconds(60), 9), budget);
        threads = Executors.newFixedThreadPool(2);
        round(List.of("a", "b"), System.currentTimeMillis());
        batchSizes.clear();
        // records published a minute ago, far past the 6 s target; the other thread is known but does not hand
        // over, and the batch does not wait for it
        List<Interaction> done = threads.submit(() -> batches.deliverTogether(
                exchange("a", System.currentTimeMillis() - 60_000))).get(60, TimeUnit.SECONDS);
        assertThat(done).hasSize(3);
        assertThat(batchSizes).containsExactly(3);
    }

    @Test
    void pastTheTargetSmallSharesStillWaitForTheOtherThreads() throws Exception {
        threads = Executors.newFixedThreadPool(2);
        round(List.of("a", "b"), System.currentTimeMillis());
        batchSizes.clear();
        // old records, but few: the latency is lost either way, one batch spares requests
        round(List.of("a", "b"), System.currentTimeMillis() - 60_000);
        assertThat(batchSizes).containsExactly(6);
    }

    @Test
    void theThreadsGatherForTheTargetLessWhatABatchTakesButNeverLessThanTheLastOneTookAndSomePolls() {
        long ms = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1);
        // quiet: a batch takes 400 ms, so 1,500 - 400 - 100 (the outcomes and the commit after it)
        org.assertj.core.api.Assertions.assertThat(BatchFormation.gatheringMillis(1_500 * ms, 400 * ms, 0, 0, 450 * ms))
                .isEqualTo(1_000);
        // slow: the target is out of reach; the last batch took 1.1 s, then some polls fetch what waited meanwhile
        org.assertj.core.api.Assertions.assertThat(BatchFormation.gatheringMillis(1_500 * ms, 1_000 * ms, 0, 0, 1_100 * ms))
                .isEqualTo(1_350);
        // a stream grown past the batches' size: the batch it makes takes longer, so the threads gather less.
        // Batches of 70 take 480 ms; at 500 events/s, g + 240 ms + 240 ms × 500 g / 70 = 1,600 ms
        org.assertj.core.api.Assertions.assertThat(BatchFormation.gatheringMillis(1_700 * ms, 480 * ms, 70, 500, 100 * ms))
                .isBetween(500L, 502L);
        // a stream the batches already hold (600 events at 500 events/s in 1.12 s): the plain estimate
        org.assertj.core.api.Assertions.assertThat(BatchFormation.gatheringMillis(1_700 * ms, 480 * ms, 600, 500, 100 * ms))
                .isEqualTo(1_120);
    }

    @Test
    void whileTheApiBudgetIsSlowedBatchesMayWaitLonger() {
        assertThat(batches.getLatencyTargetMillis()).isEqualTo(6_000);
        slowed = true;
        assertThat(batches.getLatencyTargetMillis()).isEqualTo(60_000);
    }

    @Test
    void anIsolationsPieceGoesThroughByItself() throws Exception {
        Exchange piece = exchange("a", System.currentTimeMillis());
        piece.setProperty(BatchFormation.ALONE, true);
        assertThat(batches.deliverTogether(piece)).hasSize(3);
        assertThat(batchSizes).containsExactly(3);
    }

    /** Each topic's three records handed over from a thread of its own, all at once; the results per thread. */
    private List<List<Interaction>> round(List<String> topics, long publishedAt) throws Exception {
        CountDownLatch together = new CountDownLatch(topics.size());
        List<Future<List<Interaction>>> running = new ArrayList<>();
        for (String topic : topics) {
            running.add(threads.submit(() -> {
                together.countDown();
                together.await();
                return batches.deliverTogether(exchange(topic, publishedAt));
            }));
        }
        List<List<Interaction>> out = new ArrayList<>();
        for (Future<List<Interaction>> f : running) {
            out.add(f.get(60, TimeUnit.SECONDS));
        }
        return out;
    }

    private Exchange exchange(String topic, long publishedAt) {
        List<Interaction> records = new ArrayList<>();
        for (int offset = 0; offset < 3; offset++) {
            records.add(Interaction.rejected(new RecordOrigin(topic, 0, offset, null, new byte[0]),
                    new Failure("TEST", "a record of the test", "test")));
        }
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(records);
        exchange.setProperty(BatchFormation.OLDEST_RECORD, publishedAt);
        return exchange;
    }
}
