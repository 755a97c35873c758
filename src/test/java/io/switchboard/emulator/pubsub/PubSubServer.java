package io.switchboard.emulator.pubsub;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyServerBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.switchboard.emulator.Faults;
import io.switchboard.emulator.Org;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The emulated org's Pub/Sub API: a gRPC server over TLS on localhost implementing Salesforce's
 * {@code pubsub_api.proto} (the generated classes ship in the camel-salesforce jar) for Change Data Capture.
 * {@link io.switchboard.emulator.SalesforceEmulator} starts one next to its REST server; see README.md in this
 * package for what it emits and how tests use it.
 */
public final class PubSubServer implements AutoCloseable {

    /** Documented: "The empty fetch response is sent within 270 seconds." */
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(270);

    private final ChangeEventLog log;
    private final PubSubService service;
    private final Server server;
    private final ExecutorService executor;
    private final ScheduledExecutorService timer;
    private final AtomicReference<Duration> keepAlive = new AtomicReference<>(DEFAULT_KEEPALIVE);

    private PubSubServer(Org org, Faults faults, SessionCheck sessions, int port) throws IOException {
        this.log = new ChangeEventLog(org, faults, Clock.systemUTC());
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sf-emulator-pubsub-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sf-emulator-pubsub-keepalive");
            t.setDaemon(true);
            return t;
        });
        Topics topics = new Topics(log, org.orgId());
        this.service = new PubSubService(log, topics, sessions, org.orgId(), executor);
        LocalTls tls = LocalTls.get();
        SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forServer(tls.keyManagers()), SslProvider.JDK);
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .sslContext(ssl.build())
                .executor(executor)
                .addService(ServerInterceptors.intercept(service, sessions))
                .build()
                .start();
        org.onCommit(log::committed);
        timer.scheduleWithFixedDelay(() -> service.keepAlive(keepAlive.get()), 200, 200, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the server on {@code port} (0: a free one) for this org: sessions are checked with
     * {@code validSession}, the instanceurl header against {@code instanceUrl}; change events follow every commit
     * of the org from now on.
     */
    public static PubSubServer start(Org org, Faults faults, java.util.function.Predicate<String> validSession,
                                     String instanceUrl, int port) {
        try {
            return new PubSubServer(org, faults, new SessionCheck(validSession, instanceUrl, org.orgId()), port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Pub/Sub API emulator on port " + port, e);
        }
    }

    public int port() {
        return server.getPort();
    }

    /** The host clients connect to; the certificate is issued to it. */
    public String host() {
        return "localhost";
    }

    /** The Camel Salesforce component's settings that point its Pub/Sub client here. */
    public Map<String, String> serviceSettings() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.component.salesforce.pub-sub-host", host());
        p.put("camel.component.salesforce.pub-sub-port", String.valueOf(port()));
        return p;
    }

    /** JVM options for a service in another process, so that it trusts this server's certificate. */
    public List<String> clientJvmOptions() {
        return LocalTls.get().jvmOptions();
    }

    /** The same options as a java @argfile: {@code java @<this path> -jar ...}. */
    public java.nio.file.Path clientJvmOptionsFile() {
        return LocalTls.get().jvmOptionsFile();
    }

    /**
     * Selects the entities whose changes are published (Setup, Change Data Capture); the default is Account,
     * Contact and Lead. The channel of an entity not selected does not exist (NOT_FOUND).
     */
    public PubSubServer selectEntities(String... entities) {
        log.select(new LinkedHashSet<>(Arrays.asList(entities)));
        return this;
    }

    public Set<String> selectedEntities() {
        return log.selected();
    }

    /** Moves the bus clock forward: events older than 72 hours by it are no longer retained nor replayable. */
    public void advanceClock(Duration by) {
        log.advanceClock(by);
    }

    /** How long a stream with nothing to deliver waits for its keepalive (default 270 s, as documented). */
    public void setKeepAlive(Duration idle) {
        keepAlive.set(idle == null ? DEFAULT_KEEPALIVE : idle);
    }

    /** The newest replay id on the bus, base64 as Camel's {@code CamelSalesforcePubSubReplayId} header has it. */
    public String latestReplayId() {
        return Base64.getEncoder().encodeToString(Subscription.replayId(log.lastReplayId()).toByteArray());
    }

    /** Number of change events retained on the bus (all entities). */
    public int retainedEvents() {
        return log.all().size();
    }

    /**
     * Open Subscribe streams that have their position on the bus (their first FetchRequest was taken): a test that
     * waits for this before changing records knows a LATEST subscriber will see the change.
     */
    public int openSubscriptions() {
        return service.openSubscriptions();
    }

    /** Back to the start settings: default entities and keepalive (events on the bus stay, as on a real org). */
    public void reset() {
        log.select(Set.of("Account", "Contact", "Lead"));
        keepAlive.set(DEFAULT_KEEPALIVE);
    }

    @Override
    public void close() {
        server.shutdownNow();
        timer.shutdownNow();
        executor.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
