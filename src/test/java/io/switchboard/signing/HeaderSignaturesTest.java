package io.switchboard.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The service's signatures of its own headers: bound to the header, its value, the record and the key. */
class HeaderSignaturesTest {

    private static final String HEADER = "switchboard.review.resolution";
    private static final byte[] RECORD = "{\"id\":\"e-1\"}".getBytes(StandardCharsets.UTF_8);
    private final HeaderSignatures signatures = new HeaderSignatures(new SigningProperties(SigningProperties.randomKey()));

    @Test
    void aSignatureHoldsForItsHeaderValueAndRecordOnly() {
        String value = "{\"action\":\"SKIP\",\"by\":\"ann\"}";
        String signature = signatures.sign(HEADER, value, RECORD);
        assertThat(signatures.verified(HEADER, value, signature, RECORD)).isTrue();
        assertThat(signatures.verified(HEADER, value, signature, "{\"id\":\"e-2\"}".getBytes(StandardCharsets.UTF_8)))
                .as("moved to another record").isFalse();
        assertThat(signatures.verified(HEADER, value.replace("ann", "bob"), signature, RECORD)).as("another value").isFalse();
        assertThat(signatures.verified("switchboard.replay.of", value, signature, RECORD)).as("another header").isFalse();
        assertThat(signatures.verified(HEADER, value, null, RECORD)).as("none").isFalse();
        assertThat(signatures.verified(HEADER, value, "v1=not base64!", RECORD)).isFalse();
        HeaderSignatures otherKey = new HeaderSignatures(new SigningProperties(SigningProperties.randomKey()));
        assertThat(otherKey.verified(HEADER, value, signature, RECORD)).as("another key").isFalse();
    }

    @Test
    void noKeyOrAShortOneStopsTheStartWithWhatToSet() {
        assertThatThrownBy(() -> new HeaderSignatures(new SigningProperties(null)))
                .isInstanceOf(MissingSigningKeyException.class).hasMessageContaining("SWITCHBOARD_SIGNING_KEY");
        assertThatThrownBy(() -> new HeaderSignatures(new SigningProperties("short")))
                .isInstanceOf(MissingSigningKeyException.class).hasMessageContaining("at least 32");
        MissingSigningKeyException missing = new MissingSigningKeyException("No signing key: ...");
        FailureAnalysis analysis = new SigningKeyFailureAnalyzer()
                .analyze(new BeanCreationException("headerSignatures", "failed", missing));
        assertThat(analysis.getDescription()).isEqualTo("No signing key: ...");
        assertThat(analysis.getAction()).contains("SWITCHBOARD_SIGNING_KEY").contains("every instance");
    }
}
