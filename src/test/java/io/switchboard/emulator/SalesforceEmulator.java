package io.switchboard.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory Salesforce org behind a real HTTP server, speaking the REST API closely enough for the Camel
 * Salesforce component. Login URL and instance URL are the same host. See the package's README-like javadoc in
 * {@link Org}, {@link RestApi} and {@link Faults} for what is emulated.
 */
public final class SalesforceEmulator implements AutoCloseable {

    /**
     * Longest request URI (the request line's target, path and query) a real org accepts; longer GET requests get
     * HTTP 414. Salesforce's edge answers them before authentication, API counting or routing; the emulator answers
     * with its usual JSON error array, errorCode {@code URI_TOO_LONG}, so clients parse it like any other error.
     */
    static final int MAX_URI_LENGTH = 16_384;

    private static final Pattern VERSIONED = Pattern.compile("^/services/data/v(\\d{2,3}\\.\\d)(/.*)?$");
    /** Oldest REST API version a real org still serves: 7.0-30.0 are retired (HTTP 410 GONE since Summer '25). */
    static final int OLDEST_VERSION = 31;
    /** Newest version served (Spring '26); a higher, unreleased one is not found (404), as on a real org. */
    static final int NEWEST_VERSION = 66;

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and the
        // client's delayed ACK add ~40 ms to every response. Read once when the JDK's server config loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final EmulatorSettings settings;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final Org org;
    private final OAuthServer oauth;
    private final Faults faults;
    private final RestApi rest;
    private final AdminApi admin;
    private final Identity identity;
    private final AtomicLong apiUsed = new AtomicLong();
    private final Map<String, java.util.concurrent.atomic.LongAdder> usedByKind = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong apiMax;
    private final io.switchboard.emulator.pubsub.PubSubServer pubSub;

    private SalesforceEmulator(EmulatorSettings settings) throws IOException {
        this.settings = settings;
        Clock clock = Clock.systemUTC();
        this.apiMax = new AtomicLong(settings.dailyApiLimit());
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 128);
        this.baseUrl = "http://localhost:" + server.getAddress().getPort();
        this.org = new Org(Schema.load(settings.extraSchema()), clock, settings.searchIndexDelay(), settings.username());
        org.setPageSizes(settings.pageSizes());
        org.setDuplicateRecordVisible(settings.duplicateRecordVisible());
        this.oauth = new OAuthServer(settings, org, clock, baseUrl);
        this.identity = new Identity(org, baseUrl);
        this.faults = new Faults(oauth::expireAll);
        this.rest = new RestApi(org, apiUsed::get, apiMax::get);
        this.admin = new AdminApi(this);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "sf-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        // Change Data Capture over the Pub/Sub API (gRPC, TLS), on a free port; see emulator/pubsub/README.md
        this.pubSub = io.switchboard.emulator.pubsub.PubSubServer.start(org, faults, token -> oauth.userFor(token) != null,
                baseUrl, 0);
        server.start();
    }

    /** Starts an emulator; {@code settings.port() == 0} picks a free port. */
    public static SalesforceEmulator start(EmulatorSettings settings) {
        try {
            return new SalesforceEmulator(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Salesforce emulator on port " + settings.port(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Both the login URL and the instance URL. */
    /**
     * The Camel Salesforce component's settings that point the service at this org (login URL, the
     * username-password flow, the local credentials), for tests, local mode and the benchmark alike.
     */
    public java.util.Map<String, String> serviceSettings() {
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("camel.component.salesforce.login-url", baseUrl());
        p.put("camel.component.salesforce.auth-type", "USERNAME_PASSWORD");
        p.put("camel.component.salesforce.client-id", settings.clientId());
        p.put("camel.component.salesforce.client-secret", settings.clientSecret());
        p.put("camel.component.salesforce.user-name", settings.username());
        p.put("camel.component.salesforce.password", settings.password());
        p.putAll(pubSub.serviceSettings());
        return p;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Org org() {
        return org;
    }

    public Faults faults() {
        return faults;
    }

    /** The org's Pub/Sub API (Change Data Capture events of every change the org commits). */
    public io.switchboard.emulator.pubsub.PubSubServer pubSub() {
        return pubSub;
    }

    public EmulatorSettings settings() {
        return settings;
    }

    /**
     * A refresh token for the integration user, standing for one the web-server (authorization code) flow issued
     * after a user approved the app in a browser: no emulated grant issues refresh tokens, as in Salesforce.
     */
    public String issueRefreshToken() {
        return oauth.issueRefreshToken();
    }

    /**
     * Empties all data records (metadata and seeded users stay), zeroes the API counter and clears faults and
     * open query cursors; the run-time settings (page sizes, search delay, duplicate visibility) go back to the
     * start settings.
     */
    public void reset() {
        org.reset();
        org.setPageSizes(settings.pageSizes());
        org.setDuplicateRecordVisible(settings.duplicateRecordVisible());
        org.setSearchIndexDelay(settings.searchIndexDelay());
        rest.clearCursors();
        apiUsed.set(0);
        usedByKind.clear();
        faults.clear();
        pubSub.reset();
    }

    /** API requests counted today: the N of {@code Sforce-Limit-Info: api-usage=N/MAX}. */
    public long apiRequests() {
        return apiUsed.get();
    }

    /**
     * The API requests counted so far by kind ("GET query", "POST composite: reads", "POST composite: writes",
     * ...), for telling where an integration's requests go.
     */
    public Map<String, Long> apiRequestsByKind() {
        Map<String, Long> out = new java.util.TreeMap<>();
        usedByKind.forEach((kind, count) -> out.put(kind, count.sum()));
        return out;
    }

    public long dailyApiLimit() {
        return apiMax.get();
    }

    public void setDailyApiLimit(long max) {
        apiMax.set(max);
    }

    public void setApiRequests(long used) {
        apiUsed.set(used);
    }

    @Override
    public void close() {
        pubSub.close();
        server.stop(0);
        executor.shutdownNow();
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(System.getenv().getOrDefault("SF_EMULATOR_PORT", "8089"));
        Optional<String> extra = Optional.empty();
        X509Certificate jwtCertificate = null;
        for (String arg : args) {
            if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else if (arg.startsWith("--schema=")) {
                extra = Optional.of(arg.substring("--schema=".length()));
            } else if (arg.startsWith("--jwt-cert=")) {
                jwtCertificate = certificate(java.nio.file.Path.of(arg.substring("--jwt-cert=".length())));
            }
        }
        EmulatorSettings settings = EmulatorSettings.defaults().withPort(port).withJwtCertificate(jwtCertificate);
        if (extra.isPresent()) {
            settings = settings.withExtraSchema(java.nio.file.Path.of(extra.get()));
        } else if (java.nio.file.Files.exists(java.nio.file.Path.of("src/test/resources/emulator/switchboard-org.yaml"))) {
            settings = settings.withExtraSchema(java.nio.file.Path.of("src/test/resources/emulator/switchboard-org.yaml"));
        }
        SalesforceEmulator emulator = start(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        System.out.println("Salesforce emulator listening at " + emulator.baseUrl());
        System.out.println("  login URL / instance URL: " + emulator.baseUrl());
        System.out.println("  client id:     " + settings.clientId());
        System.out.println("  client secret: " + settings.clientSecret());
        System.out.println("  username:      " + settings.username());
        System.out.println("  password:      " + settings.password());
        System.out.println("  admin:         " + emulator.baseUrl() + "/__emulator/export");
        System.out.println("  Pub/Sub API:   " + emulator.pubSub().host() + ":" + emulator.pubSub().port()
                + " (TLS, self-signed; a client in another JVM trusts it with: java @"
                + emulator.pubSub().clientJvmOptionsFile() + " ...)");
        System.out.println("  JWT bearer:    " + (jwtCertificate == null ? "off (--jwt-cert=cert.pem turns it on)"
                : "on, " + jwtCertificate.getSubjectX500Principal()));
    }

    /** A PEM (or DER) X.509 certificate: the connected app's, for the JWT bearer flow. */
    private static X509Certificate certificate(java.nio.file.Path file) {
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | java.security.cert.CertificateException e) {
            throw new IllegalArgumentException("cannot read the JWT certificate " + file + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- HTTP

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = requestPath(exchange);
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            int uriLength = exchange.getRequestURI().toString().length();
            if (method.equals("GET") && uriLength > MAX_URI_LENGTH) {
                send(exchange, 414, ApiResponse.errorBody(List.of(new ApiError("URI_TOO_LONG", "The request URI is "
                        + uriLength + " characters long; the limit is " + MAX_URI_LENGTH + "."))), Map.of());
            } else if (path.startsWith("/services/oauth2/token")) {
                token(exchange, method);
            } else if (path.startsWith("/services/oauth2/revoke")) {
                Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
                if (method.equals("POST")) {
                    params.putAll(params(body(exchange)));
                }
                oauth.revoke(params.get("token"));
                send(exchange, 200, null, Map.of());
            } else if (path.equals("/services/oauth2/userinfo") || path.startsWith("/id/")) {
                identity(exchange, method, path);
            } else if (path.equals("/services/data") || path.equals("/services/data/")) {
                send(exchange, 200, versions(), Map.of());
            } else if (path.startsWith("/services/data/")) {
                api(exchange, method, path);
            } else if (method.equals("GET") && LightningPage.handles(path)) {
                LightningPage.Page page = LightningPage.render(org, path);
                exchange.getResponseHeaders().set("Content-Type", "text/html;charset=UTF-8");
                exchange.sendResponseHeaders(page.status(), page.html().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(page.html());
                }
            } else if (path.startsWith("/__emulator/")) {
                ApiResponse response = admin.handle(method, path.substring("/__emulator/".length()), body(exchange));
                send(exchange, response.status(), response.body(), response.headers());
            } else {
                send(exchange, 404, ApiResponse.errorBody(ApiException.notFound().errors()), Map.of());
            }
        } catch (RuntimeException e) {
            // an emulator bug must still answer, or the client hangs until its timeout
            send(exchange, 500, ApiResponse.errorBody(List.of(new ApiError("UNKNOWN_EXCEPTION",
                    "An unexpected error occurred: " + e))), Map.of());
        }
    }

    /**
     * The request path with empty segments collapsed: "https://host//services/data/..." reaches a real org's API as
     * well. Read from the raw request target, since java.net.URI takes "//services/..." for an authority.
     */
    private static String requestPath(HttpExchange exchange) {
        String target = exchange.getRequestURI().toString();
        if (!target.startsWith("/")) {
            target = exchange.getRequestURI().getRawPath();
        }
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        return path.replaceAll("/{2,}", "/");
    }

    private void token(HttpExchange exchange, String method) throws IOException {
        if (!method.equals("POST")) {
            send(exchange, 400, Map.of("error", "invalid_request", "error_description", "must use HTTP POST"), Map.of());
            return;
        }
        Map<String, String> form = params(body(exchange));
        OAuthServer.TokenResponse response = oauth.token(form);
        send(exchange, response.status(), response.body(), Map.of());
    }

    /** Every version a real org serves, oldest first, labelled with its release ("Winter '25" for 62.0). */
    static List<Map<String, Object>> versions() {
        List<Map<String, Object>> out = new ArrayList<>();
        String[] seasons = {"Summer", "Winter", "Spring"};
        for (int v = OLDEST_VERSION; v <= NEWEST_VERSION; v++) {
            int i = v - OLDEST_VERSION;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", seasons[i % 3] + " '" + (14 + (i + 2) / 3));
            m.put("url", "/services/data/v" + v + ".0");
            m.put("version", v + ".0");
            out.add(m);
        }
        return out;
    }

    /**
     * The identity URL and userinfo, with the bearer token (or {@code oauth_token}/{@code access_token} parameter).
     * A bad token answers 403 Bad_OAuth_Token as the identity service does; another user's identity 403, another
     * org's 404 (these bodies are the emulator's choice: not documented).
     */
    private void identity(HttpExchange exchange, String method, String path) throws IOException {
        Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
        if (method.equals("POST")) {
            params.putAll(params(body(exchange)));
        }
        String token = bearer(exchange);
        if (token == null) {
            token = params.getOrDefault("oauth_token", params.get("access_token"));
        }
        String userId = oauth.userFor(token);
        if (!method.equals("GET") && !method.equals("POST")) {
            send(exchange, 405, ApiResponse.errorBody(List.of(new ApiError("METHOD_NOT_ALLOWED",
                    "HTTP Method '" + method + "' not allowed. Allowed are GET,POST"))), Map.of());
        } else if (userId == null) {
            send(exchange, 403, List.of(Map.of("message", "Bad_OAuth_Token", "errorCode", "Bad_OAuth_Token")), Map.of());
        } else if (path.equals("/services/oauth2/userinfo")) {
            send(exchange, 200, identity.userinfo(userId), Map.of());
        } else {
            String[] parts = path.split("/");
            String orgPart = parts.length == 4 ? SalesforceIds.normalize(parts[2]) : null;
            String userPart = parts.length == 4 ? SalesforceIds.normalize(parts[3]) : null;
            if (orgPart == null || userPart == null || !orgPart.equals(org.orgId())) {
                send(exchange, 404, List.of(Map.of("message", "Bad_Id", "errorCode", "Bad_Id")), Map.of());
            } else if (!userPart.equals(userId)) {
                send(exchange, 403, List.of(Map.of("message", "Forbidden", "errorCode", "Forbidden")), Map.of());
            } else {
                send(exchange, 200, identity.identity(userId, params.get("version")), Map.of());
            }
        }
    }

    private void api(HttpExchange exchange, String method, String rawPath) throws IOException {
        Matcher m = VERSIONED.matcher(rawPath);
        if (!m.matches()) {
            send(exchange, 404, ApiResponse.errorBody(ApiException.notFound().errors()), Map.of());
            return;
        }
        int major = Integer.parseInt(m.group(1).substring(0, m.group(1).indexOf('.')));
        if (major < OLDEST_VERSION || !m.group(1).endsWith(".0")) {
            // documented: "If you request any resource ... from a retired API version, REST API returns 410:GONE";
            // the body is not documented, this one is the emulator's choice
            send(exchange, major < OLDEST_VERSION ? 410 : 404, ApiResponse.errorBody(List.of(new ApiError(
                    major < OLDEST_VERSION ? "GONE" : "NOT_FOUND", major < OLDEST_VERSION
                            ? "API version " + m.group(1) + " is retired and no longer available."
                            : "The requested resource does not exist"))), Map.of());
            return;
        }
        if (major > NEWEST_VERSION) {
            send(exchange, 404, ApiResponse.errorBody(ApiException.notFound().errors()), Map.of());
            return;
        }
        String userId = oauth.userFor(bearer(exchange));
        if (userId == null) {
            send(exchange, 401, ApiResponse.errorBody(List.of(new ApiError("INVALID_SESSION_ID",
                    "Session expired or invalid"))), Map.of());
            return;
        }
        Duration latency = faults.latency();
        if (!latency.isZero()) {
            sleep(latency);
        }
        Optional<ApiException> fault = faults.nextFailure();
        if (fault.isPresent()) {
            ApiException e = fault.get();
            if (e.status() == 401) {
                send(exchange, 401, ApiResponse.errorBody(e.errors()), Map.of());
            } else {
                send(exchange, e.status(), ApiResponse.errorBody(e.errors()), limitHeader());
            }
            return;
        }
        if (!countRequest()) {
            send(exchange, 403, ApiResponse.errorBody(List.of(new ApiError("REQUEST_LIMIT_EXCEEDED",
                    "TotalRequests Limit exceeded."))), limitHeader());
            return;
        }
        List<String> segments = new ArrayList<>();
        String tail = m.group(2) == null ? "" : m.group(2);
        for (String s : tail.split("/")) {
            if (!s.isEmpty()) {
                segments.add(decode(s, false));
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(v.size() - 1)));
        String requestBody = body(exchange);
        Optional<ApiException> poisoned = faults.poisoned(decode(exchange.getRequestURI().getRawPath()
                + "?" + exchange.getRequestURI().getRawQuery(), true), requestBody);
        if (poisoned.isPresent()) {
            send(exchange, poisoned.get().status(), ApiResponse.errorBody(poisoned.get().errors()), limitHeader());
            return;
        }
        ApiRequest request = new ApiRequest(method, m.group(1), segments, params(exchange.getRequestURI().getRawQuery()),
                requestBody, headers, userId);
        usedByKind.computeIfAbsent(kind(request), k -> new java.util.concurrent.atomic.LongAdder()).increment();
        ApiResponse response = org.withOrigin(changeOrigin(m.group(1), headers), () -> rest.handle(request));
        Duration answerDelay = faults.answerDelay();
        if (!answerDelay.isZero()) {
            sleep(answerDelay);
        }
        Map<String, String> responseHeaders = new LinkedHashMap<>(response.headers());
        responseHeaders.putAll(limitHeader());
        send(exchange, response.status(), response.body(), responseHeaders);
    }

    /**
     * A change event's changeOrigin for a REST request, as Salesforce documents it:
     * {@code com/salesforce/api/rest/62.0}, with {@code ;client=ID} when the request's {@code Sforce-Call-Options}
     * header names a client.
     */
    private static String changeOrigin(String version, Map<String, String> headers) {
        String origin = "com/salesforce/api/rest/" + version;
        String options = headers.get("sforce-call-options");
        if (options != null) {
            for (String option : options.split(",")) {
                String o = option.trim();
                if (o.startsWith("client=")) {
                    origin += ";client=" + o.substring("client=".length());
                }
            }
        }
        return origin;
    }

    private static String kind(ApiRequest request) {
        List<String> segments = request.path();
        String resource = segments.isEmpty() ? "" : segments.get(0);
        if (resource.equals("composite") && segments.size() > 1) {
            resource = "composite/" + segments.get(1);
        } else if (resource.equals("composite")) {
            String body = request.body() == null ? "" : request.body();
            resource = body.contains("\"method\":\"GET\"") ? "composite: reads" : "composite: writes";
        }
        return request.method() + " " + resource;
    }

    /** Counts one API request unless the daily limit is reached; false means the request is refused. */
    private boolean countRequest() {
        while (true) {
            long used = apiUsed.get();
            if (used >= apiMax.get()) {
                return false;
            }
            if (apiUsed.compareAndSet(used, used + 1)) {
                return true;
            }
        }
    }

    private Map<String, String> limitHeader() {
        return Map.of("Sforce-Limit-Info", "api-usage=" + apiUsed.get() + "/" + apiMax.get());
    }

    private static String bearer(HttpExchange exchange) {
        List<String> values = exchange.getRequestHeaders().get("Authorization");
        if (values == null || values.isEmpty()) {
            return null;
        }
        String value = values.get(values.size() - 1).trim();
        for (String prefix : List.of("Bearer ", "OAuth ")) {
            if (value.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return value.substring(prefix.length()).trim();
            }
        }
        return null;
    }

    /** The injected latency itself: a slow Salesforce, not a wait for anything (nothing to synchronize on). */
    private static void sleep(Duration latency) {
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Map<String, String> params(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            out.put(key, value);
        }
        return out;
    }

    /** URL-decodes; in a path segment '+' is a plus sign, in a query or form it is a space. */
    private static String decode(String text, boolean plusIsSpace) {
        return URLDecoder.decode(plusIsSpace ? text : text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, Object body, Map<String, String> headers)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (body == null || status == 204) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
