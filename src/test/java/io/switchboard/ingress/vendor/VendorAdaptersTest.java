package io.switchboard.ingress.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.event.EventParser;
import io.switchboard.ingress.auth.Authentication;
import io.switchboard.ingress.auth.IngressRequest;
import io.switchboard.ingress.auth.TwilioSignature;
import io.switchboard.ingress.auth.FormBody;
import io.switchboard.model.InteractionEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped mappings (config/vendors, as committed: TestVendors) on the vendors' documented payloads (src/test/resources/vendors). */
class VendorAdaptersTest {

    private static final VendorMappings MAPPINGS = VendorMappings.load(io.switchboard.testing.TestVendors.folder(), new JsonataFunctions("US"));
    private final VendorAdapter adapter = new VendorAdapter(new ObjectMapper());
    private final EventParser parser = new EventParser(new ObjectMapper());

    private static byte[] fixture(String path) {
        try {
            return Files.readAllBytes(Path.of("src/test/resources/vendors", path));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private VendorAdapter.Adapted aircall(String fixture) {
        return adapter.adapt(MAPPINGS.find("aircall").orElseThrow(),
                new IngressRequest("aircall", Map.of("content-type", List.of("application/json")), null, fixture("aircall/" + fixture)),
                "cebcaac65XXXXXXXXXx", null);
    }

    private InteractionEvent event(VendorAdapter.Adapted adapted) {
        assertThat(adapted.kind()).as(adapted.reason()).isEqualTo(VendorAdapter.Adapted.Kind.EVENT);
        EventParser.ParsedEvent parsed = parser.parse(adapted.event());
        assertThat(parsed.rejection()).as(String.valueOf(parsed.rejection())).isNull();
        return parsed.event();
    }

    @Test
    void anAnsweredInboundAircallCallIsACallInboundWithTheCallerAndTheAgent() {
        InteractionEvent e = event(aircall("call-ended-inbound.json"));
        assertThat(e.type()).isEqualTo("call.inbound");
        assertThat(e.source()).isEqualTo("aircall");
        assertThat(e.id()).isEqualTo("aircall-call-77001-call.ended-1732623251");
        assertThat(e.subject()).isEqualTo("aircall-call-77001");
        assertThat(e.time().toInstant().getEpochSecond()).isEqualTo(1732623251L);
        assertThat(e.node("person.firstName").asText()).isEqualTo("Dana");
        assertThat(e.node("person.email").asText()).isEqualTo("dana@example.com");
        assertThat(e.node("person.phone").asText()).isEqualTo("+14155550134");
        assertThat(e.node("person.company").asText()).isEqualTo("Whitfield Dental");
        assertThat(e.node("call.direction").asText()).isEqualTo("inbound");
        assertThat(e.node("call.answered").asBoolean()).isTrue();
        assertThat(e.node("call.durationSeconds").isIntegralNumber()).isTrue();
        assertThat(e.node("call.durationSeconds").asInt()).isEqualTo(318);
        assertThat(e.node("call.fromNumber").asText()).isEqualTo("+14155550134");
        assertThat(e.node("call.toNumber").asText()).isEqualTo("+33176360695");
        assertThat(e.node("call.startTime").asText()).startsWith("2024-11-26T12:08:15");
        assertThat(e.node("agent.email").asText()).isEqualTo("madelaine.dupont@aircall.io");
        assertThat(e.node("call.recordingUrl").isMissingNode()).isTrue();
    }

    @Test
    void theRecordingOfTheSameCallIsALaterUpdateOfTheSameInteraction() {
        InteractionEvent ended = event(aircall("call-ended-inbound.json"));
        InteractionEvent recording = event(aircall("call-comm-assets-generated.json"));
        assertThat(recording.subject()).isEqualTo(ended.subject());
        assertThat(recording.id()).isNotEqualTo(ended.id());
        assertThat(recording.time()).isAfter(ended.time());
        assertThat(recording.node("call.recordingUrl").asText()).endsWith("/calls/77001/recording.mp3");
        assertThat(recording.node("content.tags").get(0).asText()).isEqualTo("New client");
        assertThat(recording.node("content.comments").asText()).isEqualTo("Wants a quote for two implants.");
    }

    @Test
    void aircallTypesAsItsSalesforceIntegrationTellsThemApart() {
        assertThat(event(aircall("call-ended-missed.json")).type()).isEqualTo("call.missed");
        InteractionEvent missed = event(aircall("call-ended-missed.json"));
        assertThat(missed.node("call.disposition").asText()).isEqualTo("agents_did_not_answer");
        assertThat(missed.node("agent").isMissingNode() || missed.node("agent").isEmpty()).isTrue();
        InteractionEvent voicemail = event(aircall("call-voicemail-left.json"));
        assertThat(voicemail.type()).isEqualTo("voicemail");
        assertThat(voicemail.node("call.recordingUrl").asText()).endsWith("voicemail.mp3");
        InteractionEvent outbound = event(aircall("call-ended-outbound-unanswered.json"));
        assertThat(outbound.type()).isEqualTo("call.outbound");
        assertThat(outbound.node("call.answered").asBoolean()).isFalse();
        assertThat(outbound.node("call.toNumber").asText()).isEqualTo("+14155550134");
    }

    @Test
    void aRetryOfTheSamePayloadIsTheSameEvent() {
        assertThat(event(aircall("call-ended-inbound.json")).id()).isEqualTo(event(aircall("call-ended-inbound.json")).id());
    }

    @Test
    void aircallsCallCreatedIsIgnoredWithItsReason() {
        VendorAdapter.Adapted adapted = aircall("call-created.json");
        assertThat(adapted.kind()).isEqualTo(VendorAdapter.Adapted.Kind.IGNORED);
        assertThat(adapted.vendorEvent()).isEqualTo("call.created");
        assertThat(adapted.reason()).contains("call.ended");
    }

    @Test
    void aWrongAircallTokenIsUnauthorized() {
        VendorAdapter.Adapted adapted = adapter.adapt(MAPPINGS.find("aircall").orElseThrow(),
                new IngressRequest("aircall", Map.of(), null, fixture("aircall/call-ended-inbound.json")), "another-token", null);
        assertThat(adapted.kind()).isEqualTo(VendorAdapter.Adapted.Kind.UNAUTHORIZED);
    }

    private static final String TWILIO_URL = "https://switchboard.example.com/ingress/twilio";

    private VendorAdapter.Adapted twilio(String fixture) {
        byte[] body = fixture("twilio/" + fixture);
        String signature = TwilioSignature.sign("twilio-token", TWILIO_URL + TwilioSignature.sortedParams(FormBody.fields(body)));
        return adapter.adapt(MAPPINGS.find("twilio").orElseThrow(), new IngressRequest("twilio",
                Map.of("content-type", List.of("application/x-www-form-urlencoded"), "x-twilio-signature", List.of(signature)),
                null, body), "twilio-token", TWILIO_URL);
    }

    @Test
    void aCompletedInboundTwilioCallIsACallInbound() {
        InteractionEvent e = event(twilio("status-completed-inbound.form"));
        assertThat(e.type()).isEqualTo("call.inbound");
        assertThat(e.id()).isEqualTo("twilio-call-CA5bd6b1f3a2e54d6f8c0e4a7b9d1c2e3f-completed-3");
        assertThat(e.subject()).isEqualTo("twilio-call-CA5bd6b1f3a2e54d6f8c0e4a7b9d1c2e3f");
        assertThat(e.time().toString()).isEqualTo("2024-11-26T12:10:05Z");
        assertThat(e.node("person.phone").asText()).isEqualTo("+14155550177");
        assertThat(e.node("person.name").asText()).isEqualTo("Sam Rivera");
        assertThat(e.node("call.durationSeconds").asInt()).isEqualTo(95);
        assertThat(e.node("call.answered").asBoolean()).isTrue();
    }

    @Test
    void anUnansweredInboundTwilioCallIsMissedAndRingingIsIgnored() {
        assertThat(event(twilio("status-no-answer-inbound.form")).type()).isEqualTo("call.missed");
        assertThat(twilio("status-ringing.form").kind()).isEqualTo(VendorAdapter.Adapted.Kind.IGNORED);
    }

    @Test
    void twiliosRecordingCallbackIsARecordingOfTheCallsOwnSubject() {
        InteractionEvent call = event(twilio("status-completed-inbound.form"));
        InteractionEvent recording = event(twilio("recording-completed.form"));
        assertThat(recording.type()).isEqualTo("call.recording");
        assertThat(recording.subject()).isEqualTo(call.subject()).isEqualTo("twilio-call-CA5bd6b1f3a2e54d6f8c0e4a7b9d1c2e3f");
        assertThat(recording.source()).isEqualTo(call.source());
        assertThat(recording.id()).isEqualTo("twilio-recording-RE0123456789abcdef0123456789abcdef-completed");
        assertThat(recording.node("call.recordingUrl").asText())
                .isEqualTo("https://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Recordings/RE0123456789abcdef0123456789abcdef");
        assertThat(recording.node("call.recordingDurationSeconds").asLong()).isEqualTo(93);
        // when the recording ended (its start, 12:08:32, and 93 s): the same on Twilio's retry of the callback
        assertThat(recording.time()).isEqualTo(java.time.OffsetDateTime.parse("2024-11-26T12:10:05Z"));
        assertThat(recording.node("person").isMissingNode()).isTrue();
    }

    @Test
    void anIncomingTwilioMessageIsAnSmsInbound() {
        InteractionEvent e = event(twilio("message-received.form"));
        assertThat(e.type()).isEqualTo("sms.inbound");
        assertThat(e.node("content.message").asText()).isEqualTo("Can I move my appointment to Friday?");
        assertThat(e.node("person.phone").asText()).isEqualTo("+14155550199");
    }

    @Test
    void aTwilioRequestSignedForAnotherUrlIsUnauthorized() {
        byte[] body = fixture("twilio/status-completed-inbound.form");
        String signature = TwilioSignature.sign("twilio-token", "https://elsewhere.example.com/x" + TwilioSignature.sortedParams(FormBody.fields(body)));
        VendorAdapter.Adapted adapted = adapter.adapt(MAPPINGS.find("twilio").orElseThrow(), new IngressRequest("twilio",
                Map.of("content-type", List.of("application/x-www-form-urlencoded"), "x-twilio-signature", List.of(signature)),
                null, body), "twilio-token", TWILIO_URL);
        assertThat(adapted.kind()).isEqualTo(VendorAdapter.Adapted.Kind.UNAUTHORIZED);
    }

    private VendorAdapter.Adapted intercom(String fixture) {
        byte[] body = fixture("intercom/" + fixture);
        String signature = "sha1=" + Authentication.hex(Authentication.hmac("HmacSHA1", "intercom-secret", body));
        return adapter.adapt(MAPPINGS.find("intercom").orElseThrow(), new IngressRequest("intercom",
                Map.of("content-type", List.of("application/json"), "x-hub-signature", List.of(signature)), null, body),
                "intercom-secret", null);
    }

    @Test
    void anIntercomReplyUpdatesTheConversationWithItsTranscript() {
        InteractionEvent e = event(intercom("conversation-user-replied.json"));
        assertThat(e.type()).isEqualTo("conversation.updated");
        assertThat(e.id()).isEqualTo("intercom-notif_78c122d0-23ba-11e4-9464-79b01267cc2e");
        assertThat(e.subject()).isEqualTo("intercom-conversation-147");
        assertThat(e.node("person.email").asText()).isEqualTo("jo.tanaka@example.com");
        assertThat(e.node("agent.email").asText()).isEqualTo("ann@example.com");
        assertThat(e.node("content.message").asText()).isEqualTo("Great, can I order for Friday?");
        assertThat(e.node("content.transcript").asText()).isEqualTo("Jo Tanaka: Hi, do you deliver to Oakland?\n"
                + "Ann Agent: Yes, every weekday.\nJo Tanaka: Great, can I order for Friday?");
    }

    @Test
    void intercomsPingIsIgnoredAndABadSignatureUnauthorized() {
        assertThat(intercom("ping.json").kind()).isEqualTo(VendorAdapter.Adapted.Kind.IGNORED);
        byte[] body = fixture("intercom/conversation-user-replied.json");
        VendorAdapter.Adapted forged = adapter.adapt(MAPPINGS.find("intercom").orElseThrow(), new IngressRequest("intercom",
                Map.of("x-hub-signature", List.of("sha1=21ff2e149e0fdcac6f947740f6177f6434bda921")), null, body),
                "intercom-secret", null);
        assertThat(forged.kind()).isEqualTo(VendorAdapter.Adapted.Kind.UNAUTHORIZED);
    }

    @Test
    void aBodyThatIsNotOneJsonObjectIsRefused() {
        VendorAdapter.Adapted adapted = adapter.adapt(MAPPINGS.find("aircall").orElseThrow(),
                new IngressRequest("aircall", Map.of(), null, "{\"token\":\"a\",\"token\":\"b\"}".getBytes(StandardCharsets.UTF_8)), "a", null);
        assertThat(adapted.kind()).isEqualTo(VendorAdapter.Adapted.Kind.REFUSED);
    }

    @Test
    void aSignedVendorsProofIsCheckedBeforeItsBodyIsRead() {
        VendorAdapter.Adapted adapted = adapter.adapt(MAPPINGS.find("intercom").orElseThrow(), new IngressRequest("intercom",
                Map.of("x-hub-signature", List.of("sha1=00")), null, "not json".getBytes(StandardCharsets.UTF_8)),
                "intercom-secret", null);
        assertThat(adapted.kind()).isEqualTo(VendorAdapter.Adapted.Kind.UNAUTHORIZED);
    }
}
