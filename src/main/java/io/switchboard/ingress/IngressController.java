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
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /ingress/{producer}}: hands the raw request to {@link Ingress}. The body is read here, by hand and
 * bounded, rather than by a message converter: signatures are over the exact bytes, a form body must not be merged
 * with the query string (Twilio signs them apart), and an oversized body is refused without being read to its end.
 */
@RestController
public class IngressController {

    private final Ingress ingress;
    private final IngressProperties settings;

    public IngressController(Ingress ingress, IngressProperties settings) {
        this.ingress = ingress;
        this.settings = settings;
    }

    @PostMapping("/ingress/{producer}")
    public ResponseEntity<Map<String, Object>> receive(@PathVariable String producer, HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > settings.maxBodyBytes()) {
            return answer(ingress.tooLarge(producer));
        }
        byte[] body = readAtMost(request.getInputStream(), settings.maxBodyBytes());
        if (body == null) {
            return answer(ingress.tooLarge(producer));
        }
        return answer(ingress.receive(new IngressRequest(producer, headers(request), request.getQueryString(), body)));
    }

    /** The body, or null when it is longer than {@code limit}. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 64 * 1024));
        byte[] buffer = new byte[8192];
        int total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > limit) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
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
