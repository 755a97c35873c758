package io.switchboard.rules;

import io.switchboard.model.rule.Template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.model.InteractionEvent;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class TemplateTest {

    static InteractionEvent event(String dataJson) throws Exception {
        return new InteractionEvent("e1", "aircall", "call.inbound", OffsetDateTime.parse("2026-11-20T15:04:05Z"),
                "call-1", new ObjectMapper().readTree(dataJson));
    }

    @Test
    void rendersPathsAndEnvelope() throws Exception {
        var e = event("{\"person\":{\"name\":\"Dana\"},\"call\":{\"durationSeconds\":42}}");
        assertThat(Template.parse("{type} with {person.name} ({call.durationSeconds}s) from {source}").render(e))
                .isEqualTo("call.inbound with Dana (42s) from aircall");
    }

    @Test
    void aPersonsNameIsTheirFirstAndLastNameWhenTheEventGivesNoName() throws Exception {
        assertThat(Template.parse("Inbound call from {person.name|call.fromNumber}")
                .render(event("{\"person\":{\"firstName\":\"Dana\",\"lastName\":\"Whitfield\"},\"call\":{\"fromNumber\":\"+14155550134\"}}")))
                .isEqualTo("Inbound call from Dana Whitfield");
        assertThat(Template.parse("{person.name}").render(event("{\"person\":{\"lastName\":\"Whitfield\"}}")))
                .isEqualTo("Whitfield");
        assertThat(Template.parse("{person.name}").render(event("{\"person\":{\"name\":\"D. W.\",\"firstName\":\"Dana\"}}")))
                .isEqualTo("D. W.");
    }

    @Test
    void takesTheFirstAlternativeWithAValue() throws Exception {
        var e = event("{\"call\":{\"fromNumber\":\"+14155550134\"}}");
        assertThat(Template.parse("Call from {person.name|call.fromNumber|'unknown'}").render(e))
                .isEqualTo("Call from +14155550134");
        assertThat(Template.parse("Call from {person.name|'unknown caller'}").render(e))
                .isEqualTo("Call from unknown caller");
        assertThat(Template.parse("{person.name}").render(e)).isEmpty();
    }

    @Test
    void reportsSyntaxErrorsWithTheirPosition() {
        assertThatThrownBy(() -> Template.parse("Call from {person.name")).hasMessageContaining("unclosed '{' at position 11");
        assertThatThrownBy(() -> Template.parse("oops }")).hasMessageContaining("'}' without '{' at position 6");
        assertThatThrownBy(() -> Template.parse("{}")).hasMessageContaining("empty placeholder");
        assertThatThrownBy(() -> Template.parse("{a|'x}")).hasMessageContaining("bad placeholder");
    }

    @Test
    void leavesOutLinesWhoseValuesAreAllMissingAndReadsListsAndObjects() throws Exception {
        var e = event("{\"content\":{\"summary\":\"Wants a quote\",\"tags\":[\"pricing\",\"urgent\"]},"
                + "\"web\":{\"formFields\":{\"budget\":\"10k\",\"seats\":12}}}");
        String text = Template.parse("{content.summary}\nSentiment: {content.sentiment}\nTags: {content.tags}\n"
                + "Fixed line\n{web.formFields}").render(e);
        assertThat(text).isEqualTo("Wants a quote\nTags: pricing, urgent\nFixed line\nbudget: 10k\nseats: 12");
    }
}
