package io.switchboard.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {

    private final EventParser parser = new EventParser(new ObjectMapper());

    private EventParser.ParsedEvent parse(String text) {
        return parser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsAContractEventAndKeepsUnknownMembers() {
        var parsed = parse("""
                {"specversion":"1.0","id":"e1","source":"aircall","type":"call.inbound",
                 "time":"2026-11-20T15:04:05+01:00","subject":"call-1",
                 "data":{"person":{"email":"a@b.co"},"vendorExtra":{"x":1}},"extension":"kept"}""");
        assertThat(parsed.rejection()).isNull();
        assertThat(parsed.event().type()).isEqualTo("call.inbound");
        assertThat(parsed.event().subject()).isEqualTo("call-1");
        assertThat(parsed.event().time().toInstant().toString()).isEqualTo("2026-11-20T14:04:05Z");
        assertThat(parsed.event().node("vendorExtra.x").asInt()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not json at all|UNPARSEABLE_JSON|not valid JSON",
            "[1,2]|UNPARSEABLE_JSON|not an object",
            "{\"specversion\":\"0.3\",\"id\":\"e\",\"source\":\"s\",\"type\":\"t\",\"time\":\"2026-11-20T15:04:05Z\",\"data\":{}}|SCHEMA_VIOLATION|specversion",
            "{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\",\"time\":\"2026-11-20T15:04:05Z\",\"data\":{}}|SCHEMA_VIOLATION|id",
            "{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\",\"type\":\"t\",\"time\":\"yesterday\",\"data\":{}}|SCHEMA_VIOLATION|time",
            "{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"s\",\"type\":\"t\",\"time\":\"2026-11-20T15:04:05Z\",\"data\":{\"call\":{\"durationSeconds\":-5}}}|SCHEMA_VIOLATION|durationSeconds",
    })
    void rejectsWithACodeAndAMessageThatNamesTheProblem(String text, String code, String mentions) {
        var parsed = parse(text);
        assertThat(parsed.event()).isNull();
        assertThat(parsed.rejection().code()).isEqualTo(code);
        assertThat(parsed.rejection().message()).contains(mentions);
    }

    @Test
    void anEmptyRecordIsRejected() {
        assertThat(parser.parse(new byte[0]).rejection().code()).isEqualTo("UNPARSEABLE_JSON");
    }
}
