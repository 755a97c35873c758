package io.switchboard.ingress.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.event.EventParser;
import io.switchboard.ingress.auth.Authentication;
import io.switchboard.ingress.auth.IngressRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Payloads made to hurt a mapping: a regular-expression bomb against the shipped tag stripping (Intercom's), and
 * JSONata bombs (a payload driving an expression to loop for ever, or to recurse past any stack). Each ends within
 * a deadline in an answer, never a held thread or a StackOverflowError.
 */
class HostileVendorPayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final VendorMappings SHIPPED = VendorMappings.load(io.switchboard.testing.TestVendors.folder(),
            new JsonataFunctions("US"));
    private final VendorAdapter adapter = new VendorAdapter(JSON);

    /**
     * Long runs of {@code <} with no {@code >}: {@code <[^>]+>} tries every start and runs to the end from each
     * (quadratic: hours on a body of the ingress's size); the shipped {@code <[^<>]*>} fails each start at once.
     */
    @Test
    void intercomsTagStrippingIsLinearOnLongRunsOfOpeningBrackets() throws Exception {
        ObjectNode webhook = (ObjectNode) JSON.readTree(Files.readAllBytes(
                Path.of("src/test/resources/vendors/intercom/conversation-user-replied.json")));
        String bomb = "<".repeat(150_000) + "<p" + "a<".repeat(100_000);
        ObjectNode item = (ObjectNode) webhook.path("data").path("item");
        ((ObjectNode) item.path("source")).put("body", bomb);
        ((ObjectNode) item.path("conversation_parts").path("conversation_parts").get(1)).put("body", "<p>" + bomb.substring(0, 1000) + "</p>");
        byte[] body = JSON.writeValueAsBytes(webhook);
        String signature = "sha1=" + Authentication.hex(Authentication.hmac("HmacSHA1", "intercom-secret", body));
        IngressRequest request = new IngressRequest("intercom", Map.of("content-type", List.of("application/json"),
                "x-hub-signature", List.of(signature)), null, body);

        VendorAdapter.Adapted adapted = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> adapter.adapt(SHIPPED.find("intercom").orElseThrow(), request, "intercom-secret", null));
        assertThat(adapted.kind()).as(adapted.reason()).isEqualTo(VendorAdapter.Adapted.Kind.EVENT);
        assertThat(new EventParser(JSON).parse(adapted.event()).rejection()).isNull();
    }

    /** A count from the payload drives a nested loop: 10^14 steps, stopped at the time bound. */
    @Test
    void aPayloadDrivingAnExpressionToLoopIsRefusedAtTheTimeBound() {
        VendorMapping mapping = mapping("data: \"{'total': $sum([1..n].($sum([1..$$.n])))}\"");
        VendorAdapter.Adapted adapted = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> adapter.adapt(mapping, request("{\"event\": \"call.ended\", \"n\": 10000000}"), "s3cret", null));
        assertThat(adapted.kind()).isEqualTo(VendorAdapter.Adapted.Kind.REFUSED);
        assertThat(adapted.reason()).contains("acme.yaml events.0.data").contains("failed on this payload")
                .contains("timeout");
    }

    /** A depth from the payload drives a recursion a million calls deep: stopped at the depth bound. */
    @Test
    void aPayloadDrivingAnExpressionToRecurseIsRefusedAtTheDepthBound() {
        VendorMapping mapping = mapping("data: |\n      ( $down := function($k) { $k = 0 ? 0 : 1 + $down($k - 1) };"
                + " {'depth': $down(n)} )");
        VendorAdapter.Adapted adapted = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> adapter.adapt(mapping, request("{\"event\": \"call.ended\", \"n\": 1000000}"), "s3cret", null));
        assertThat(adapted.kind()).isEqualTo(VendorAdapter.Adapted.Kind.REFUSED);
        assertThat(adapted.reason()).contains("acme.yaml events.0.data").contains("failed on this payload");
        // within the bound, the same expression works
        assertThat(adapter.adapt(mapping, request("{\"event\": \"call.ended\", \"n\": 3}"), "s3cret", null).kind())
                .isEqualTo(VendorAdapter.Adapted.Kind.EVENT);
    }

    private static VendorMapping mapping(String data) {
        String text = """
                format: json
                auth:
                  scheme: bearer
                event: event
                events:
                  - on: [call.ended]
                    id: "'acme-' & $string(n)"
                    type: "'call.inbound'"
                    time: "'2026-11-20T15:04:05Z'"
                    %s
                """.formatted(data);
        List<String> problems = new ArrayList<>();
        VendorMapping mapping = VendorMappings.read("acme", "config/vendors/acme.yaml", text, new JsonataFunctions("US"),
                JsonataLimits.DEFAULT, problems);
        assertThat(problems).isEmpty();
        return mapping;
    }

    private static IngressRequest request(String body) {
        return new IngressRequest("acme", Map.of("content-type", List.of("application/json"),
                "authorization", List.of("Bearer s3cret")), null, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
