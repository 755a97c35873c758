package io.switchboard.ingress.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthSchemeTest {

    private static IngressRequest request(Map<String, List<String>> headers, String body) {
        return new IngressRequest("p", headers, null, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bearerTokenMustMatchExactly() {
        var scheme = new AuthScheme.Bearer();
        assertThat(scheme.verify(request(Map.of("authorization", List.of("Bearer s3cret")), "{}"), null, "s3cret", null)).isTrue();
        assertThat(scheme.verify(request(Map.of("authorization", List.of("Bearer s3cre")), "{}"), null, "s3cret", null)).isFalse();
        assertThat(scheme.verify(request(Map.of("authorization", List.of("Basic s3cret")), "{}"), null, "s3cret", null)).isFalse();
        assertThat(scheme.verify(request(Map.of(), "{}"), null, "s3cret", null)).isFalse();
        assertThat(scheme.verify(request(Map.of("authorization", List.of("Bearer s3cret", "Bearer s3cret")), "{}"), null, "s3cret", null)).isFalse();
    }

    @Test
    void hubSignatureIsTheHexHmacSha1OfTheBody() {
        String body = "{\"type\":\"notification_event\"}";
        String mac = "sha1=" + Authentication.hex(Authentication.hmac("HmacSHA1", "hub-secret", body.getBytes(StandardCharsets.UTF_8)));
        var scheme = new AuthScheme.HmacHeader("x-hub-signature", "HmacSHA1", "sha1=", false);
        assertThat(scheme.verify(request(Map.of("x-hub-signature", List.of(mac)), body), null, "hub-secret", null)).isTrue();
        assertThat(scheme.verify(request(Map.of("x-hub-signature", List.of(mac.toUpperCase().replace("SHA1=", "sha1="))), body), null, "hub-secret", null)).isTrue();
        assertThat(scheme.verify(request(Map.of("x-hub-signature", List.of(mac)), body + " "), null, "hub-secret", null)).isFalse();
        assertThat(scheme.verify(request(Map.of("x-hub-signature", List.of(mac)), body), null, "other", null)).isFalse();
    }

    @Test
    void aBodyTokenIsComparedAsText() throws Exception {
        var scheme = new AuthScheme.BodyMember("token");
        var payload = new ObjectMapper().readTree("{\"token\":\"45XXYYZZa08\"}");
        assertThat(scheme.verify(request(Map.of(), "{}"), payload, "45XXYYZZa08", null)).isTrue();
        assertThat(scheme.verify(request(Map.of(), "{}"), payload, "45XXYYZZa09", null)).isFalse();
        assertThat(scheme.verify(request(Map.of(), "{}"), new ObjectMapper().readTree("{\"token\":45}"), "45", null)).isFalse();
    }

    @Test
    void constantTimeComparisonOfUnequalLengthsIsFalse() {
        assertThat(Authentication.same("abc", "abcd")).isFalse();
        assertThat(Authentication.same("abc", null)).isFalse();
        assertThat(Authentication.same("abc", "abc")).isTrue();
    }
}
