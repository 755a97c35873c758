package io.switchboard.ingress;

import io.switchboard.ingress.auth.IngressRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /ingress/{producer}}: hands the raw request to {@link Ingress}. The body is read here, by hand and
 * bounded, rather than by a message converter: signatures are over the exact bytes, a form body must not be merged
 * with the query string (Twilio signs them apart), and an oversized body is refused without being read to its end.
 * A path that takes no requests (no such producer, or one without a secret) is answered before the body is read;
 * a body that takes longer than {@code switchboard.ingress.body-timeout-ms} to arrive is refused (408).
 */
@RestController
public class IngressController {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IngressController.class);

    private final Ingress ingress;
    private final IngressProperties settings;

    public IngressController(Ingress ingress, IngressProperties settings) {
        this.ingress = ingress;
        this.settings = settings;
    }

    @PostMapping("/ingress/{producer}")
    public ResponseEntity<Map<String, Object>> receive(@PathVariable String producer, HttpServletRequest request) {
        // nothing of the body is read (or buffered) before the producer is known to take requests
        var closed = ingress.closed(producer);
        if (closed.isPresent()) {
            return answer(closed.get());
        }
        if (request.getContentLengthLong() > settings.maxBodyBytes()) {
            return answer(ingress.tooLarge(producer));
        }
        Body body;
        try {
            body = readAtMost(request.getInputStream(), settings.maxBodyBytes(),
                    System.nanoTime() + settings.bodyTimeoutMs() * 1_000_000L);
        } catch (IOException e) {
            return answer(ingress.unreadable(producer, e));
        }
        return switch (body.kind()) {
            case TOO_LARGE -> answer(ingress.tooLarge(producer));
            case TOO_SLOW -> answer(ingress.tooSlow(producer));
            case WHOLE -> answer(ingress.receive(new IngressRequest(producer, headers(request), request.getQueryString(),
                    body.bytes())));
        };
    }

    /**
     * A defect on the way is answered 500 in one log line: the ingress's callers are machines outside, and a stack
     * trace in the log for each of their requests would drown it.
     */
    @ExceptionHandler(RuntimeException.class)
    public ResponseEntity<Map<String, Object>> failed(RuntimeException e, HttpServletRequest request) {
        log.error("Ingress: a request to {} failed: {}: {}", request.getRequestURI(), e.getClass().getName(),
                io.switchboard.model.Texts.cut(String.valueOf(e.getMessage()), 300));
        return answer(IngressAnswer.problem(500, "Internal error", "The request could not be handled; nothing was "
                + "published. Send it again later.", null));
    }

    /** What reading the body came to. */
    private record Body(Kind kind, byte[] bytes) {
        enum Kind { WHOLE, TOO_LARGE, TOO_SLOW }
    }

    /**
     * The body, read while its size stays within {@code limit} and its time before {@code deadline} (System.nanoTime):
     * past either, reading stops at once, so neither a chunked body without end nor a trickle holds a thread longer
     * than that (one read waits at most server.tomcat.connection-timeout).
     */
    private static Body readAtMost(InputStream in, int limit, long deadline) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 64 * 1024));
        byte[] buffer = new byte[8192];
        int total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > limit) {
                return new Body(Body.Kind.TOO_LARGE, null);
            }
            out.write(buffer, 0, n);
            if (System.nanoTime() - deadline > 0) {
                return new Body(Body.Kind.TOO_SLOW, null);
            }
        }
        return new Body(Body.Kind.WHOLE, out.toByteArray());
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .addAll(Collections.list(request.getHeaders(name)));
        }
        return headers;
    }

    private static ResponseEntity<Map<String, Object>> answer(IngressAnswer answer) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status())
                .contentType(answer.problem() ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON);
        answer.headers().forEach(response::header);
        return response.body(answer.body());
    }
}
