package io.switchboard.fuzz;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.emulator.SalesforceEmulator;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the emulated org answered, seen on the wire. The emulator keeps no log of its answers and its public API
 * cannot show them, so this reads them without changing them: it adds to the emulator's HTTP server a context for
 * {@code /services/data/} (more specific than the emulator's own "/", so every API request takes it; adding it
 * leaves no moment without a handler) whose handler is the emulator's own dispatch, behind a filter that copies
 * the request and response bytes as they pass. Answers are unchanged; only the error codes in them are counted
 * and the MALFORMED_QUERY / MALFORMED_SEARCH ones kept with the request that caused them.
 */
final class EmulatorAnswers {

    /** One answer worth showing: the request line, the request body and the answer, each cut to a few KB. */
    record Answer(String request, String requestBody, int status, String responseBody) {
        @Override
        public String toString() {
            return request + " -> " + status + "\n  request body: " + requestBody + "\n  answer: " + responseBody;
        }
    }

    private static final Pattern CODE = Pattern.compile("\"(?:errorCode|statusCode)\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final int KEEP = 4_000;
    private static EmulatorAnswers instance;

    private final Map<String, LongAdder> codes = new ConcurrentHashMap<>();
    private final List<Answer> malformed = new CopyOnWriteArrayList<>();
    private final LongAdder answers = new LongAdder();

    private EmulatorAnswers() {
    }

    static synchronized EmulatorAnswers of(SalesforceEmulator emulator) {
        if (instance == null) {
            EmulatorAnswers tap = new EmulatorAnswers();
            tap.install(emulator);
            instance = tap;
        }
        return instance;
    }

    private void install(SalesforceEmulator emulator) {
        try {
            Field field = SalesforceEmulator.class.getDeclaredField("server");
            field.setAccessible(true);
            HttpServer server = (HttpServer) field.get(emulator);
            Method dispatch = SalesforceEmulator.class.getDeclaredMethod("dispatch", HttpExchange.class);
            dispatch.setAccessible(true);
            HttpContext context = server.createContext("/services/data/", exchange -> {
                try {
                    dispatch.invoke(emulator, exchange);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            });
            context.getFilters().add(new Recorder());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot observe the emulator's answers", e);
        }
    }

    /** Error codes seen in answers so far (including those inside composite answers), with their counts. */
    Map<String, Long> errorCodes() {
        Map<String, Long> out = new TreeMap<>();
        codes.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    long answerCount() {
        return answers.sum();
    }

    /** Every answer so far that names MALFORMED_QUERY or MALFORMED_SEARCH. */
    List<Answer> malformed() {
        return List.copyOf(malformed);
    }

    private final class Recorder extends Filter {
        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            ByteArrayOutputStream requestCopy = new ByteArrayOutputStream();
            ByteArrayOutputStream responseCopy = new ByteArrayOutputStream();
            InputStream in = exchange.getRequestBody();
            OutputStream out = exchange.getResponseBody();
            exchange.setStreams(new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0 && requestCopy.size() < KEEP) {
                        requestCopy.write(b);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = super.read(buf, off, len);
                    if (n > 0 && requestCopy.size() < KEEP) {
                        requestCopy.write(buf, off, Math.min(n, KEEP - requestCopy.size()));
                    }
                    return n;
                }
            }, new FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    responseCopy.write(b);
                    out.write(b);
                }

                @Override
                public void write(byte[] buf, int off, int len) throws IOException {
                    responseCopy.write(buf, off, len);
                    out.write(buf, off, len);
                }
            });
            try {
                chain.doFilter(exchange);
            } finally {
                answers.increment();
                String body = responseCopy.toString(StandardCharsets.UTF_8);
                Matcher m = CODE.matcher(body);
                while (m.find()) {
                    codes.computeIfAbsent(m.group(1), k -> new LongAdder()).increment();
                }
                if (body.contains("MALFORMED_QUERY") || body.contains("MALFORMED_SEARCH")) {
                    String uri = exchange.getRequestURI().toString();
                    malformed.add(new Answer(exchange.getRequestMethod() + " " + cut(uri),
                            cut(requestCopy.toString(StandardCharsets.UTF_8)), exchange.getResponseCode(), cut(body)));
                }
            }
        }

        @Override
        public String description() {
            return "fuzz suite: copies answers to count their error codes";
        }
    }

    private static String cut(String s) {
        return s.length() <= KEEP ? s : s.substring(0, KEEP) + "… (" + s.length() + " characters)";
    }
}
