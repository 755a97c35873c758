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

    private static final String GOOD = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"s\",\"type\":\"call.inbound\","
            + "\"time\":\"2026-11-20T15:04:05Z\",\"data\":{\"person\":{\"lastName\":\"W\"}}}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "garbage after the object|}}garbage",
            "a second event in the same record|" + "{\"specversion\":\"1.0\"}",
            "a number after the object| 42",
    })
    void trailingContentMakesTheWholeRecordUnparseable(String what, String trailing) {
        var parsed = parse(GOOD + trailing);
        assertThat(parsed.event()).as(what).isNull();
        assertThat(parsed.rejection().code()).isEqualTo("UNPARSEABLE_JSON");
        assertThat(parsed.rejection().message()).contains("not valid JSON");
    }

    @Test
    void deepNestingIsRejectedWithItsOwnCodeNotAnException() {
        String deep = "[".repeat(2_000) + "]".repeat(2_000);
        var parsed = parse(GOOD.replace("{\"lastName\":\"W\"}", "{\"lastName\":\"W\",\"x\":" + deep + "}"));
        assertThat(parsed.rejection().code()).isEqualTo("NESTING_TOO_DEEP");
        assertThat(parsed.rejection().message()).contains("32 levels");
        assertThat(parse(deep).rejection().code()).isEqualTo("NESTING_TOO_DEEP");
    }

    @Test
    void invalidUtf8IsUnparseable() {
        byte[] bytes = GOOD.replace("\"W\"", "\"W?\"").getBytes(StandardCharsets.UTF_8);
        int mark = new String(bytes, StandardCharsets.UTF_8).indexOf("W?") + 1;
        bytes[mark] = (byte) 0xC3; // a lead byte followed by a quote: not UTF-8
        assertThat(parser.parse(bytes).rejection().code()).isEqualTo("UNPARSEABLE_JSON");
    }

    @Test
    void anEncodedSurrogateOrAnOverlongFormIsNotUtf8() {
        for (byte[] bad : new byte[][] {{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}}) {
            byte[] head = GOOD.substring(0, GOOD.indexOf("\"W\"") + 1).getBytes(StandardCharsets.UTF_8);
            byte[] tail = GOOD.substring(GOOD.indexOf("\"W\"") + 1).getBytes(StandardCharsets.UTF_8);
            byte[] record = new byte[head.length + bad.length + tail.length];
            System.arraycopy(head, 0, record, 0, head.length);
            System.arraycopy(bad, 0, record, head.length, bad.length);
            System.arraycopy(tail, 0, record, head.length + bad.length, tail.length);
            assertThat(parser.parse(record).rejection()).isNotNull()
                    .satisfies(r -> assertThat(r.code()).isEqualTo("UNPARSEABLE_JSON"));
        }
    }

    @Test
    void aRecordOverTheContractsSizeIsTooLarge() {
        byte[] huge = new byte[EventParser.MAX_RECORD_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThat(parser.parse(huge).rejection().code()).isEqualTo("VALUE_TOO_LARGE");
    }

    @Test
    void envelopeAttributesHaveMaximumLengths() {
        var parsed = parse(GOOD.replace("\"source\":\"s\"", "\"source\":\"" + "s".repeat(900_000) + "\""));
        assertThat(parsed.rejection().code()).isEqualTo("SCHEMA_VIOLATION");
        assertThat(parsed.rejection().message()).contains("source").hasSizeLessThan(2_000);
        assertThat(parse(GOOD.replace("\"call.inbound\"", "\"" + "t".repeat(101) + "\"")).rejection().code())
                .isEqualTo("SCHEMA_VIOLATION");
    }

    @Test
    void controlCharactersAreRejectedInTheEnvelopeAndRemovedFromData() {
        assertThat(parse(GOOD.replace("\"id\":\"e1\"", "\"id\":\"e\\u00001\"")).rejection().code())
                .isEqualTo("SCHEMA_VIOLATION");
        var parsed = parse(GOOD.replace("\"W\"", "\"W\\u0000hit\\u0007field\\tx\\ny\""));
        assertThat(parsed.event().text("person.lastName")).contains("Whitfield\tx\ny");
    }

    @Test
    void aLoneSurrogateInDataBecomesTheReplacementCharacterAndPairsStay() {
        var parsed = parse(GOOD.replace("\"W\"", "\"W\\ud800x\\ud83d\\ude00\""));
        assertThat(parsed.event().text("person.lastName")).contains("W\uFFFDx\uD83D\uDE00");
    }

    @Test
    void aLoneSurrogateInTheEnvelopeIsRefusedSinceItsValuesAreKeys() {
        var parsed = parse(GOOD.replace("\"id\":\"e1\"", "\"id\":\"e\\ud8001\""));
        assertThat(parsed.rejection().code()).isEqualTo("SCHEMA_VIOLATION");
        assertThat(parsed.rejection().message()).contains("$.id").contains("surrogate");
    }

    @Test
    void aMemberGivenTwiceIsRefused() {
        var parsed = parse(GOOD.replace("\"source\":\"s\"", "\"source\":\"s\",\"source\":\"t\""));
        assertThat(parsed.rejection().code()).isEqualTo("UNPARSEABLE_JSON");
        assertThat(parsed.rejection().message()).contains("source");
    }
}
