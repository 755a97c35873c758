package io.switchboard.emulator.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.salesforce.eventbus.protobuf.FetchRequest;
import com.salesforce.eventbus.protobuf.FetchResponse;
import com.salesforce.eventbus.protobuf.PubSubGrpc;
import com.salesforce.eventbus.protobuf.ReplayPreset;
import com.salesforce.eventbus.protobuf.SchemaRequest;
import com.salesforce.eventbus.protobuf.TopicInfo;
import com.salesforce.eventbus.protobuf.TopicRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.switchboard.emulator.EmulatorSettings;
import io.switchboard.emulator.SalesforceEmulator;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Pub/Sub API's protocol, with the generated gRPC stubs over the emulator's TLS (what Camel's client does not
 * let a test control): flow control by num_requested, the authentication headers, replay id errors and retention,
 * unknown topics, keepalives, GetTopic and GetSchema.
 */
class PubSubProtocolIT {

    static SalesforceEmulator emulator;
    static ManagedChannel channel;
    static String token;

    final List<FetchResponse> responses = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    StreamObserver<FetchRequest> stream;

    @BeforeAll
    static void start() throws Exception {
        emulator = SalesforceEmulator.start(EmulatorSettings.defaults().withPort(0));
        // TLS, trusting the emulator's certificate through the JVM's default trust store, as Camel's client does
        channel = NettyChannelBuilder.forAddress(emulator.pubSub().host(), emulator.pubSub().port()).build();
        token = login();
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        emulator.close();
    }

    @BeforeEach
    void clean() throws Exception {
        emulator.reset();
        token = login();
    }

    @AfterEach
    void closeStream() {
        if (stream != null && failure.get() == null) {
            stream.onCompleted();
        }
    }

    static String login() throws Exception {
        EmulatorSettings s = emulator.settings();
        String form = "grant_type=password&client_id=" + enc(s.clientId()) + "&client_secret=" + enc(s.clientSecret())
                + "&username=" + enc(s.username()) + "&password=" + enc(s.password());
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(emulator.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = new ObjectMapper().readTree(response.body());
        return json.get("access_token").asText();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static Metadata headers(String accessToken, String instanceUrl, String tenantId) {
        Metadata m = new Metadata();
        if (accessToken != null) {
            m.put(SessionCheck.ACCESS_TOKEN, accessToken);
        }
        if (instanceUrl != null) {
            m.put(SessionCheck.INSTANCE_URL, instanceUrl);
        }
        if (tenantId != null) {
            m.put(SessionCheck.TENANT_ID, tenantId);
        }
        return m;
    }

    static Metadata valid() {
        return headers(token, emulator.baseUrl(), emulator.org().orgId());
    }

    static PubSubGrpc.PubSubBlockingStub blocking(Metadata headers) {
        return PubSubGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    /** Opens a Subscribe stream with its first FetchRequest. */
    void subscribe(Metadata headers, FetchRequest first) {
        stream = PubSubGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .subscribe(new StreamObserver<>() {
                    @Override
                    public void onNext(FetchResponse value) {
                        responses.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        failure.set(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        stream.onNext(first);
    }

    static FetchRequest request(String topic, ReplayPreset preset, int n) {
        return FetchRequest.newBuilder().setTopicName(topic).setReplayPreset(preset).setNumRequested(n).build();
    }

    int eventsReceived() {
        return responses.stream().mapToInt(FetchResponse::getEventsCount).sum();
    }

    StatusRuntimeException streamFailure() {
        await().atMost(Duration.ofSeconds(10)).until(() -> failure.get() != null);
        return (StatusRuntimeException) failure.get();
    }

    static String errorCode(StatusRuntimeException e) {
        return e.getTrailers().get(PubSubErrors.ERROR_CODE);
    }

    @Test
    void noMoreEventsAreSentThanRequested() {
        subscribe(valid(), request("/data/ContactChangeEvent", ReplayPreset.LATEST, 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.pubSub().openSubscriptions() == 1);
        for (int i = 0; i < 5; i++) {
            emulator.org().insert("Contact", Map.of("LastName", "Flow " + i));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> eventsReceived() == 2);
        // the other three wait on the bus until asked for
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(3)).until(() -> eventsReceived() == 2);
        assertThat(responses.get(responses.size() - 1).getPendingNumRequested()).isZero();

        stream.onNext(FetchRequest.newBuilder().setNumRequested(10).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsReceived() == 5);
        FetchResponse last = responses.get(responses.size() - 1);
        assertThat(last.getPendingNumRequested()).isEqualTo(7);
        assertThat(last.getLatestReplayId()).isEqualTo(last.getEvents(last.getEventsCount() - 1).getReplayId());
        assertThat(last.getRpcId()).isNotBlank();
    }

    @Test
    void callsWithoutAValidSessionTenantOrInstanceAreRefusedUnauthenticated() {
        TopicRequest topic = TopicRequest.newBuilder().setTopicName("/data/ContactChangeEvent").build();
        for (Metadata bad : List.of(
                headers("not-a-session", emulator.baseUrl(), emulator.org().orgId()),
                headers(token, "https://other.my.salesforce.com", emulator.org().orgId()),
                headers(token, emulator.baseUrl(), "00D000000000001AAA"),
                headers(null, emulator.baseUrl(), emulator.org().orgId()),
                headers(token, null, emulator.org().orgId()),
                headers(token, emulator.baseUrl(), null))) {
            assertThatThrownBy(() -> blocking(bad).getTopic(topic))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                        assertThat(errorCode(e)).isEqualTo("sfdc.platform.eventbus.grpc.service.auth.error");
                        assertThat(e.getStatus().getDescription()).contains("rpcId: ");
                    });
        }
        assertThat(blocking(valid()).getTopic(topic).getCanSubscribe()).isTrue();
    }

    @Test
    void anExpiredSessionEndsAnOpenStreamAtItsNextRequest() {
        subscribe(valid(), request("/data/ContactChangeEvent", ReplayPreset.LATEST, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.pubSub().openSubscriptions() == 1);

        emulator.faults().expireSessions();
        stream.onNext(FetchRequest.newBuilder().setNumRequested(1).build());

        StatusRuntimeException e = streamFailure();
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(errorCode(e)).isEqualTo("sfdc.platform.eventbus.grpc.service.auth.error");
    }

    @Test
    void aMalformedOrUnknownReplayIdIsCorrupted() {
        long future = Long.MAX_VALUE;
        for (ByteString id : List.of(ByteString.copyFromUtf8("abc"), Subscription.replayId(future))) {
            responses.clear();
            failure.set(null);
            subscribe(valid(), request("/data/ContactChangeEvent", ReplayPreset.CUSTOM, 1).toBuilder()
                    .setReplayId(id).build());
            StatusRuntimeException e = streamFailure();
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(errorCode(e)).isEqualTo("sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted");
        }
    }

    @Test
    void aReplayIdOlderThanTheRetentionIsCorruptedAndItsEventIsGone() {
        subscribe(valid(), request("/data/ContactChangeEvent", ReplayPreset.LATEST, 5));
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.pubSub().openSubscriptions() == 1);
        emulator.org().insert("Contact", Map.of("LastName", "Old"));
        emulator.org().insert("Contact", Map.of("LastName", "Older"));
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsReceived() == 2);
        ByteString first = responses.get(0).getEvents(0).getReplayId();
        stream.onCompleted();

        emulator.pubSub().advanceClock(Duration.ofHours(72).plusMinutes(1));
        emulator.org().insert("Contact", Map.of("LastName", "New"));

        responses.clear();
        subscribe(valid(), request("/data/ContactChangeEvent", ReplayPreset.CUSTOM, 5).toBuilder()
                .setReplayId(first).build());
        StatusRuntimeException e = streamFailure();
        assertThat(errorCode(e)).isEqualTo("sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted");

        failure.set(null);
        responses.clear();
        subscribe(valid(), request("/data/ContactChangeEvent", ReplayPreset.EARLIEST, 5));
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsReceived() == 1);
    }

    @Test
    void anUnknownOrNotSelectedTopicIsNotFound() {
        for (String topic : List.of("/data/CaseChangeEvent", "/data/NoSuchChangeEvent", "/event/Foo__e")) {
            assertThatThrownBy(() -> blocking(valid()).getTopic(TopicRequest.newBuilder().setTopicName(topic).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        }
        subscribe(valid(), request("/data/CaseChangeEvent", ReplayPreset.LATEST, 1));
        assertThat(streamFailure().getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);

        emulator.pubSub().selectEntities("Account", "Contact", "Lead", "Case");
        assertThat(blocking(valid()).getTopic(TopicRequest.newBuilder().setTopicName("/data/CaseChangeEvent").build())
                .getSchemaId()).isNotBlank();
    }

    @Test
    void aFetchRequestForAnotherTopicOrWithoutCapacityIsInvalid() {
        subscribe(valid(), request("/data/ContactChangeEvent", ReplayPreset.LATEST, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.pubSub().openSubscriptions() == 1);
        stream.onNext(FetchRequest.newBuilder().setTopicName("/data/LeadChangeEvent").setNumRequested(1).build());
        assertThat(streamFailure().getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);

        failure.set(null);
        subscribe(valid(), request("/data/ContactChangeEvent", ReplayPreset.LATEST, 0));
        assertThat(streamFailure().getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void anIdleStreamGetsKeepalivesWithTheLatestReplayId() {
        emulator.org().insert("Lead", Map.of("LastName", "Elsewhere", "Company", "Other"));
        emulator.pubSub().setKeepAlive(Duration.ofMillis(300));
        subscribe(valid(), request("/data/ContactChangeEvent", ReplayPreset.LATEST, 1));

        await().atMost(Duration.ofSeconds(10)).until(() -> responses.size() >= 2);
        FetchResponse keepalive = responses.get(0);
        assertThat(keepalive.getEventsCount()).isZero();
        assertThat(keepalive.getPendingNumRequested()).isEqualTo(1);
        assertThat(java.util.Base64.getEncoder().encodeToString(keepalive.getLatestReplayId().toByteArray()))
                .isEqualTo(emulator.pubSub().latestReplayId());
    }

    @Test
    void theTopicNamesItsSchemaAndTheSchemaIsTheEventsAvroSchema() {
        TopicInfo topic = blocking(valid()).getTopic(TopicRequest.newBuilder()
                .setTopicName("/data/LeadChangeEvent").build());
        assertThat(topic.getTenantGuid()).isEqualTo(emulator.org().orgId());
        assertThat(topic.getCanPublish()).isFalse();
        String json = blocking(valid()).getSchema(SchemaRequest.newBuilder().setSchemaId(topic.getSchemaId()).build())
                .getSchemaJson();
        Schema schema = new Schema.Parser().parse(json);
        assertThat(schema.getFullName()).isEqualTo("com.sforce.eventbus.LeadChangeEvent");
        assertThat(schema.getFields().get(0).name()).isEqualTo("ChangeEventHeader");
        assertThat(schema.getField("ConvertedContactId")).isNotNull();
        assertThat(schema.getField("Address")).isNotNull();
        assertThat(schema.getField("Street")).isNull();
        assertThat(schema.getField("FirstName")).isNull();
        assertThat(schema.getField("ChangeEventHeader").schema().getField("changeType").schema().getEnumSymbols())
                .contains("GAP_CREATE", "GAP_UPDATE", "GAP_DELETE", "GAP_UNDELETE", "GAP_OVERFLOW");

        assertThatThrownBy(() -> blocking(valid()).getSchema(SchemaRequest.newBuilder().setSchemaId("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
}
