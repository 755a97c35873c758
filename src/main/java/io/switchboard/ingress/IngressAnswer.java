package io.switchboard.ingress;

import java.util.Map;

/** What the ingress answers: an HTTP status, a JSON body, and headers such as Retry-After. */
public record IngressAnswer(int status, Map<String, Object> body, Map<String, String> headers) {

    static IngressAnswer of(int status, Map<String, Object> body) {
        return new IngressAnswer(status, body, Map.of());
    }

    /** An RFC 9457 problem: its title, detail, and the problems of each event where there are several. */
    static IngressAnswer problem(int status, String title, String detail, Object problems) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (problems != null) {
            body.put("problems", problems);
        }
        return new IngressAnswer(status, body, Map.of());
    }

    IngressAnswer withHeader(String name, String value) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new IngressAnswer(status, body, all);
    }

    boolean problem() {
        return status >= 400;
    }
}
