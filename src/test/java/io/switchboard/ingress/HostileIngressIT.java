package io.switchboard.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.model.Resolution;
import io.switchboard.testing.EndToEndTest;
import io.switchboard.testing.TestBed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a hostile caller can send the webhook ingress: a malformed form, a probe for the configured producers, a
 * body that never ends, a body that trickles in, and headers the service would take for its own. Each is answered
 * at once (raw sockets, so that the client does not tidy the request), and none leaves a stack trace in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileIngressIT extends EndToEndTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Test
    void aMalformedPercentEscapeInAFormBodyIs400WithoutAStackTrace(CapturedOutput output) throws Exception {
        int before = output.length();
        HttpResponse<String> response = post("twilio", "application/x-www-form-urlencoded",
                "CallSid=CA%zz&CallStatus=completed".getBytes(StandardCharsets.UTF_8), "X-Twilio-Signature", "AAAA");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("detail").asText())
                .contains("application/x-www-form-urlencoded").contains("CallSid").contains("percent-escape");
        // a malformed query string, on a signed JSON body (Twilio's bodySHA256), is the same (a raw request: HTTP
        // clients refuse to send such a URL)
        try (Socket socket = socket()) {
            write(socket, "POST /ingress/twilio?bodySHA256=%g0 HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                    + "application/json\r\nX-Twilio-Signature: AAAA\r\nContent-Length: 2\r\n\r\n{}");
            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 400");
        }
        String logged = output.toString().substring(before);
        assertThat(requestStackFrames(logged)).isEmpty();
        assertThat(logged).doesNotContain("IllegalArgumentException");
    }

    /**
     * A caller probing names learns nothing: a name no producer has and a producer without a secret answer the
     * same, and neither body is read (a request announcing a body it never sends is answered at once).
     */
    @Test
    void unknownAndClosedProducersAnswerAlikeWithoutReadingTheBody() throws Exception {
        byte[] event = toJson(event(unique("probe"), "call.inbound", Map.of("person", Map.of("email",
                unique("probe") + "@example.com"))));
        HttpResponse<String> unknown = post("no-such-producer", "application/cloudevents+json", event);
        HttpResponse<String> closed = post("closed", "application/cloudevents+json", event);
        assertThat(closed.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(404);
        assertThat(closed.body()).isEqualTo(unknown.body());
        assertThat(closed.headers().firstValue("Content-Type")).isEqualTo(unknown.headers().firstValue("Content-Type"));

        for (String name : new String[] {"no-such-producer", "closed"}) {
            try (Socket socket = socket()) {
                write(socket, "POST /ingress/" + name + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                        + "application/cloudevents+json\r\nContent-Length: 1000\r\n\r\n{\"specversion\":");
                assertThat(statusLine(socket)).as(name).isEqualTo("HTTP/1.1 404");
            }
        }
    }

    /** A chunked body that passes the limit is refused as it streams in: the caller never has to end it. */
    @Test
    void anOversizedChunkedBodyIsRefusedWhileItStreams() throws Exception {
        try (Socket socket = socket()) {
            write(socket, "POST /ingress/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestBed.INGRESS_SECRET + "\r\nContent-Type: application/cloudevents+json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            String chunk = " ".repeat(64 * 1024);
            // the limit (1 MiB) in chunks, one byte more, and no last chunk: only a limit counted while the body
            // streams in can answer this
            for (int i = 0; i < 16; i++) {
                write(socket, Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
            }
            write(socket, "1\r\n ");
            assertThat(statusLine(socket)).isEqualTo("HTTP/1.1 413");
        }
    }

    /**
     * A body that trickles in (a byte every 100 ms of the 2,000 it announces: over three minutes) is refused once
     * switchboard.ingress.body-timeout-ms (3 s in the tests) has passed, and the ingress answers others meanwhile.
     */
    @Test
    void aSlowUploadIsRefusedAtTheBodyTimeoutAndOthersAreAnsweredMeanwhile(CapturedOutput output) throws Exception {
        int before = output.length();
        try (Socket socket = socket()) {
            write(socket, "POST /ingress/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TestBed.INGRESS_SECRET + "\r\nContent-Type: application/cloudevents+json\r\n"
                    + "Content-Length: 2000\r\n\r\n");
            long start = System.nanoTime();
            java.util.concurrent.ExecutorService reader = java.util.concurrent.Executors.newSingleThreadExecutor();
            // the answer's status and when it came, read on a thread of its own while this one trickles the body
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    String status = statusLine(socket);
                    return status + " after " + (System.nanoTime() - start) / 1_000_000 + " ms";
                } catch (IOException e) {
                    return "no answer: " + e;
                }
            }, reader);
            OutputStream out = socket.getOutputStream();
            boolean askedMeanwhile = false;
            while (!answer.isDone() && System.nanoTime() - start < 25_000_000_000L) {
                if (!askedMeanwhile && System.nanoTime() - start > 500_000_000L) {
                    // another caller meanwhile
                    assertThat(post("no-such-producer", "application/json", "{}".getBytes(StandardCharsets.UTF_8))
                            .statusCode()).isEqualTo(404);
                    askedMeanwhile = true;
                }
                try {
                    out.write(' ');
                    out.flush();
                } catch (IOException closedByTheService) {
                    break;
                }
                org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(100)).until(() -> true);
            }
            String answered = answer.get(5, java.util.concurrent.TimeUnit.SECONDS);
            reader.shutdown();
            assertThat(answered).startsWith("HTTP/1.1 408 after ");
            long tookMs = Long.parseLong(answered.replaceAll("\\D+ms$", "").replaceAll("^.* after ", ""));
            assertThat(tookMs).as("cut at the body timeout (3 s), not at the end of the upload").isBetween(2_500L, 15_000L);
        }
        assertThat(requestStackFrames(output.toString().substring(before))).isEmpty();
    }

    /**
     * The stack frames logged from a request's handling (the ingress, Spring MVC, Tomcat). The shared context's
     * other parts log on their own threads meanwhile (a second test instance's change feed stopping, say): their
     * traces are not the ingress's.
     */
    private static java.util.List<String> requestStackFrames(String logged) {
        return logged.lines().filter(l -> l.startsWith("\tat ") && (l.contains("io.switchboard.ingress")
                || l.contains("org.springframework.web") || l.contains("org.apache.catalina")
                || l.contains("org.apache.coyote") || l.contains("org.apache.tomcat"))).toList();
    }

    /**
     * Headers named as the service's own, sent over HTTP or written straight to an input topic by a producer, are not
     * the service's: the ingress does not carry them to Kafka.
     */
    @Test
    void switchboardHeadersSentToTheIngressDoNotReachKafka() throws Exception {
        String id = unique("ingress-forged");
        String email = unique("ingress-forged") + "@example.com";
        String forged = Resolution.deliverTo("003000000000001AAA", "ann", null).toHeader();
        HttpResponse<String> response = post("events", "application/cloudevents+json",
                toJson(event(id, "call.inbound", Map.of("person", Map.of("email", email)))),
                "Authorization", "Bearer " + TestBed.INGRESS_SECRET, Resolution.HEADER, forged,
                Resolution.SIGNATURE_HEADER, "v1=AAAA", "switchboard.replay.of", "interactions.dlq/0/0");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode outcome = awaitOutcome(id);
        assertThat(outcome.has("review")).isFalse();
        assertThat(outcome.has("replayOf")).isFalse();
        // had they reached the topic, the intake would have dropped them, and said so
        assertThat(outcome.path("notes").toString()).doesNotContain("dropped");
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private HttpResponse<String> post(String producer, String contentType, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/ingress/" + producer))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Socket socket() throws IOException {
        Socket socket = new Socket("localhost", port);
        // an answer the service does not give within this is a failure of the test, not a hang
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The response's protocol and status, e.g. {@code HTTP/1.1 404}. */
    private static String statusLine(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1).trim();
        return text.length() > 12 ? text.substring(0, 12) : text;
    }
}
