package io.switchboard.emulator.pubsub;

import com.salesforce.eventbus.protobuf.FetchRequest;
import com.salesforce.eventbus.protobuf.FetchResponse;
import com.salesforce.eventbus.protobuf.PubSubGrpc;
import com.salesforce.eventbus.protobuf.SchemaInfo;
import com.salesforce.eventbus.protobuf.SchemaRequest;
import com.salesforce.eventbus.protobuf.TopicInfo;
import com.salesforce.eventbus.protobuf.TopicRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The PubSub service of {@code pubsub_api.proto} for change events: GetTopic, GetSchema and Subscribe. Change
 * event channels cannot be published to (Publish and PublishStream answer as the generated base does,
 * UNIMPLEMENTED: the emulator has no platform events).
 */
final class PubSubService extends PubSubGrpc.PubSubImplBase {

    private final ChangeEventLog log;
    private final Topics topics;
    private final SessionCheck sessions;
    private final String orgId;
    private final Executor executor;
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

    PubSubService(ChangeEventLog log, Topics topics, SessionCheck sessions, String orgId, Executor executor) {
        this.log = log;
        this.topics = topics;
        this.sessions = sessions;
        this.orgId = orgId;
        this.executor = executor;
    }

    @Override
    public void getTopic(TopicRequest request, StreamObserver<TopicInfo> response) {
        try {
            String entity = topics.entityOf(request.getTopicName());
            // /data/ChangeEvents carries events of several schemas: no single schema id (the emulator's choice)
            String schemaId = entity == null ? "" : log.schema(entity).schemaId();
            response.onNext(TopicInfo.newBuilder().setTopicName(request.getTopicName()).setTenantGuid(orgId)
                    .setCanPublish(false).setCanSubscribe(true).setSchemaId(schemaId)
                    .setRpcId(UUID.randomUUID().toString()).build());
            response.onCompleted();
        } catch (StatusRuntimeException e) {
            response.onError(e);
        }
    }

    @Override
    public void getSchema(SchemaRequest request, StreamObserver<SchemaInfo> response) {
        EntitySchema schema = log.schemaById(request.getSchemaId());
        if (schema == null) {
            response.onError(PubSubErrors.error(Status.Code.NOT_FOUND, PubSubErrors.SCHEMA_NOT_FOUND,
                    "Schema " + request.getSchemaId() + " not found."));
            return;
        }
        response.onNext(SchemaInfo.newBuilder().setSchemaId(schema.schemaId()).setSchemaJson(schema.avro().toString())
                .setRpcId(UUID.randomUUID().toString()).build());
        response.onCompleted();
    }

    @Override
    public StreamObserver<FetchRequest> subscribe(StreamObserver<FetchResponse> response) {
        String token = SessionCheck.TOKEN.get();
        Subscription subscription = new Subscription(log, topics, (ServerCallStreamObserver<FetchResponse>) response,
                executor, () -> sessions.valid(token));
        subscriptions.add(subscription);
        return subscription;
    }

    /** Sends keepalives on idle streams and forgets closed ones. */
    void keepAlive(Duration idle) {
        subscriptions.removeIf(Subscription::closed);
        subscriptions.forEach(s -> s.keepAlive(idle));
    }

    /** Streams that have taken their first FetchRequest (so have a position on the bus) and are open. */
    int openSubscriptions() {
        subscriptions.removeIf(Subscription::closed);
        return (int) subscriptions.stream().filter(Subscription::started).count();
    }
}
