package io.switchboard.emulator.pubsub;

import com.google.protobuf.ByteString;
import com.salesforce.eventbus.protobuf.ConsumerEvent;
import com.salesforce.eventbus.protobuf.FetchRequest;
import com.salesforce.eventbus.protobuf.FetchResponse;
import com.salesforce.eventbus.protobuf.ProducerEvent;
import com.salesforce.eventbus.protobuf.ReplayPreset;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * One Subscribe stream: the position on the bus, the events the client still asked for ({@code num_requested}
 * adds up, as documented: "the server appends the new amount to the current amount"), and delivery of no more
 * events than that. The first FetchRequest names the topic and the replay start (LATEST: after the newest event;
 * EARLIEST: the oldest retained; CUSTOM: after the given replay id, which must be a retained event's or the
 * newest one, or the stream ends with INVALID_ARGUMENT and the documented replayid.corrupted code). With nothing to
 * deliver, an empty FetchResponse carrying the latest replay id is the keepalive ("sent within 270 seconds").
 */
final class Subscription implements StreamObserver<FetchRequest> {

    /** At most this many events in one FetchResponse, and per request; the documented batch limit is 100. */
    static final int MAX_BATCH = 100;

    private final ChangeEventLog log;
    private final Topics topics;
    private final ServerCallStreamObserver<FetchResponse> client;
    private final Executor executor;
    private final Supplier<Boolean> sessionValid;
    private final Runnable wake = this::wake;
    private String topic;
    /** The entity of the topic, or null for /data/ChangeEvents. */
    private String entity;
    private long position;
    private int pending;
    private boolean started;
    private boolean closed;
    private Instant lastSent = Instant.now();

    Subscription(ChangeEventLog log, Topics topics, ServerCallStreamObserver<FetchResponse> client, Executor executor,
                 Supplier<Boolean> sessionValid) {
        this.log = log;
        this.topics = topics;
        this.client = client;
        this.executor = executor;
        this.sessionValid = sessionValid;
        client.setOnCancelHandler(this::close);
    }

    @Override
    public void onNext(FetchRequest request) {
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                if (!sessionValid.get()) {
                    throw PubSubErrors.unauthenticated("The session is invalid or expired.");
                }
                if (!started) {
                    start(request);
                } else if (!request.getTopicName().isEmpty() && !request.getTopicName().equals(topic)) {
                    // documented: a later topic_name "must match what was provided in the first FetchRequest"
                    throw PubSubErrors.error(Status.Code.INVALID_ARGUMENT, PubSubErrors.INVALID_REQUEST,
                            "The topic of a FetchRequest cannot change within a subscription: " + request.getTopicName());
                }
                int requested = request.getNumRequested();
                if (requested <= 0 || requested > MAX_BATCH) {
                    // not documented as an error; the emulator refuses what Salesforce would not deliver (stricter)
                    throw PubSubErrors.error(Status.Code.INVALID_ARGUMENT, PubSubErrors.INVALID_REQUEST,
                            "num_requested must be between 1 and " + MAX_BATCH + ", was " + requested);
                }
                pending = (int) Math.min(Integer.MAX_VALUE, (long) pending + requested);
            } catch (StatusRuntimeException e) {
                fail(e);
                return;
            }
        }
        executor.execute(this::drain);
    }

    private void start(FetchRequest request) {
        topic = request.getTopicName();
        entity = topics.entityOf(topic);
        if (request.getReplayPreset() == ReplayPreset.CUSTOM) {
            position = validReplayId(request.getReplayId());
        } else if (request.getReplayPreset() == ReplayPreset.EARLIEST) {
            long oldest = log.oldestRetained();
            position = oldest < 0 ? log.lastReplayId() : oldest - 1;
        } else {
            position = log.lastReplayId();
        }
        started = true;
        log.onAppend(wake);
    }

    private long validReplayId(ByteString raw) {
        if (raw.size() != Long.BYTES) {
            throw corrupted(raw);
        }
        long id = raw.asReadOnlyByteBuffer().getLong();
        long oldest = log.oldestRetained();
        // not documented beyond "outside the 72-hour retention period": accepted are a retained event's id and the
        // newest id handed out (a subscriber that is up to date); anything else is refused
        boolean retained = oldest >= 0 && id >= oldest && id <= log.lastReplayId();
        if (!retained && id != log.lastReplayId()) {
            throw corrupted(raw);
        }
        return id;
    }

    private static StatusRuntimeException corrupted(ByteString raw) {
        return PubSubErrors.error(Status.Code.INVALID_ARGUMENT, PubSubErrors.REPLAY_ID_CORRUPTED,
                "The Replay ID validation failed. Ensure that the Replay ID is valid and within the retention "
                        + "window: " + java.util.Base64.getEncoder().encodeToString(raw.toByteArray()));
    }

    private void wake() {
        executor.execute(this::drain);
    }

    /** Sends what the client asked for and the bus holds; responses of at most {@link #MAX_BATCH} events. */
    void drain() {
        synchronized (this) {
            while (!closed && started && pending > 0) {
                ChangeEventLog.Batch batch = log.after(position, entity, Math.min(pending, MAX_BATCH));
                if (batch.events().isEmpty()) {
                    position = batch.readTo();
                    return;
                }
                FetchResponse.Builder response = FetchResponse.newBuilder().setRpcId(UUID.randomUUID().toString());
                for (ChangeEventLog.StoredEvent e : batch.events()) {
                    response.addEvents(ConsumerEvent.newBuilder()
                            .setReplayId(replayId(e.replayId()))
                            .setEvent(ProducerEvent.newBuilder().setId(e.eventId()).setSchemaId(e.schemaId())
                                    .setPayload(ByteString.copyFrom(e.payload()))));
                }
                position = batch.events().get(batch.events().size() - 1).replayId();
                pending -= batch.events().size();
                response.setLatestReplayId(replayId(position)).setPendingNumRequested(pending);
                send(response.build());
            }
        }
    }

    /** The keepalive: an empty response with the latest replay id when nothing was sent for {@code idle}. */
    void keepAlive(Duration idle) {
        synchronized (this) {
            if (closed || !started || Instant.now().isBefore(lastSent.plus(idle))) {
                return;
            }
            ChangeEventLog.Batch batch = log.after(position, entity, 0);
            if (batch.events().isEmpty()) {
                position = batch.readTo();
            }
            send(FetchResponse.newBuilder().setRpcId(UUID.randomUUID().toString())
                    .setLatestReplayId(replayId(position)).setPendingNumRequested(pending).build());
        }
    }

    private void send(FetchResponse response) {
        lastSent = Instant.now();
        try {
            client.onNext(response);
        } catch (RuntimeException e) {
            close();
        }
    }

    static ByteString replayId(long id) {
        return ByteString.copyFrom(ByteBuffer.allocate(Long.BYTES).putLong(id).array());
    }

    private void fail(StatusRuntimeException e) {
        close();
        try {
            client.onError(e);
        } catch (RuntimeException ignored) {
            // the call is already gone
        }
    }

    synchronized boolean closed() {
        return closed;
    }

    /** Whether the first FetchRequest has been taken: the stream has its position on the bus. */
    synchronized boolean started() {
        return started && !closed;
    }

    private synchronized void close() {
        closed = true;
        log.removeListener(wake);
    }

    @Override
    public void onError(Throwable t) {
        close();
    }

    @Override
    public void onCompleted() {
        synchronized (this) {
            if (closed) {
                return;
            }
            close();
        }
        try {
            client.onCompleted();
        } catch (RuntimeException ignored) {
            // cancelled meanwhile
        }
    }
}
