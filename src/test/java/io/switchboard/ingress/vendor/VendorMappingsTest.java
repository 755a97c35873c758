package io.switchboard.ingress.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A mapping file with problems: every one reported at once, with its place and line. */
class VendorMappingsTest {

    private static List<String> problems(String text) {
        List<String> problems = new ArrayList<>();
        VendorMapping mapping = VendorMappings.read("acme", "config/vendors/acme.yaml", text, new JsonataFunctions("US"), problems);
        if (!problems.isEmpty()) {
            assertThat(mapping).isNull();
        }
        return problems;
    }

    @Test
    void aValidFileHasNoProblems() {
        assertThat(problems("""
                format: json
                auth: {scheme: bearer}
                event: kind
                ignore:
                  ping: a test
                events:
                  - on: [call.done]
                    id: "'acme-' & id"
                    type: "'call.inbound'"
                    time: at
                    data: "{'person': {'phone': $e164(from)}}"
                """)).isEmpty();
    }

    @Test
    void everyProblemIsReportedWithItsLine() {
        List<String> problems = problems("""
                format: xml
                auth:
                  scheme: magic
                event: kind
                colour: blue
                events:
                  - on: [call.done]
                    id: "'acme-' & "
                    type: "'call.inbound'"
                    data: "{}"
                  - on: [call.done]
                    id: id
                    type: "'x'"
                    time: at
                    data: "{}"
                """);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("config/vendors/acme.yaml format (line 1)").contains("json or form"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("auth.scheme (line 3)").contains("twilio-signature"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("colour (line 5)").contains("unknown key"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("events.0.id (line 8)").contains("not a valid JSONata expression"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("events.0.time (line 7)").contains("required"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("events.1.on (line 11)").contains("mapped twice"));
        assertThat(problems).hasSize(6);
    }

    @Test
    void anEventBothIgnoredAndMappedIsAProblem() {
        assertThat(problems("""
                auth: {scheme: body-member, member: token}
                event: event
                ignore:
                  call.done: nothing
                events:
                  - on: [call.done]
                    id: id
                    type: "'call.inbound'"
                    time: at
                    data: "{}"
                """)).singleElement().satisfies(p -> assertThat(p).contains("both mapped and ignored"));
    }

    @Test
    void theShippedMappingsLoad() {
        assertThat(VendorMappings.load(io.switchboard.testing.TestVendors.folder(), new JsonataFunctions("US")).vendors())
                .containsExactlyInAnyOrder("aircall", "twilio", "intercom");
    }
}
