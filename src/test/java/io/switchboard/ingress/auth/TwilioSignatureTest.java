package io.switchboard.ingress.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Twilio's X-Twilio-Signature, checked against Twilio's published test vectors (see vendors/twilio/SOURCES.md). */
class TwilioSignatureTest {

    private static final String TOKEN = "12345";
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final String FORM = "application/x-www-form-urlencoded";

    private static byte[] form(String caller) {
        String plus = caller.replace("+", "%2B");
        return ("CallSid=CA1234567890ABCDE&Caller=" + plus + "&Digits=1234&From=" + plus + "&To=%2B18005551212")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theVectorOfTwilioDocsIsValid() {
        assertThat(TwilioSignature.valid(TOKEN, URL, FORM, form("+12349013030"), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isTrue();
    }

    @Test
    void theVectorOfTwilioJavaIsValidWithTheParametersInAnyOrder() {
        byte[] reordered = "To=%2B18005551212&From=%2B14158675309&Digits=1234&Caller=%2B14158675309&CallSid=CA1234567890ABCDE"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(TwilioSignature.valid(TOKEN, URL, FORM, reordered, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isTrue();
    }

    @Test
    void theUrlIsAcceptedWithItsDefaultPortAsTwilioLibrariesDo() {
        assertThat(TwilioSignature.valid(TOKEN, URL.replace(".com", ".com:443"), FORM, form("+14158675309"),
                "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isTrue();
    }

    @Test
    void aChangedParameterOrUrlOrTokenFails() {
        assertThat(TwilioSignature.valid(TOKEN, URL, FORM, form("+14158675300"), "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
        assertThat(TwilioSignature.valid(TOKEN, URL.replace("bar=2", "bar=3"), FORM, form("+14158675309"), "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
        assertThat(TwilioSignature.valid("54321", URL, FORM, form("+14158675309"), "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
        assertThat(TwilioSignature.valid(TOKEN, URL, FORM, form("+14158675309"), "NOTRSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
    }

    @Test
    void theJsonVariantSignsTheUrlWithTheBodysSha256() {
        byte[] body = "{\"property\": \"value\", \"boolean\": true}".getBytes(StandardCharsets.UTF_8);
        String url = URL + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        assertThat(TwilioSignature.valid(TOKEN, url, "application/json", body, "a9nBmqA0ju/hNViExpshrM61xv4=")).isTrue();
        String alone = "https://mycompany.com/myapp.php?bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        assertThat(TwilioSignature.valid(TOKEN, alone, "application/json", body, "y77kIzt2vzLz71DgmJGsen2scGs=")).isTrue();
    }

    @Test
    void theJsonVariantFailsForAnotherBodyOrNoBodyHash() {
        byte[] other = "{\"property\": \"other\", \"boolean\": true}".getBytes(StandardCharsets.UTF_8);
        String url = URL + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        assertThat(TwilioSignature.valid(TOKEN, url, "application/json", other, "a9nBmqA0ju/hNViExpshrM61xv4=")).isFalse();
        byte[] body = "{\"property\": \"value\", \"boolean\": true}".getBytes(StandardCharsets.UTF_8);
        assertThat(TwilioSignature.valid(TOKEN, URL, "application/json", body, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
    }

    @Test
    void sortedParamsConcatenateNamesAndValuesWithoutSeparators() {
        assertThat(TwilioSignature.sortedParams(List.of(Map.entry("b", "2"), Map.entry("a", "1")))).isEqualTo("a1b2");
    }
}
