package io.switchboard.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryChunksTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "SELECT Id FROM Contact WHERE Email IN ('a@b.co', 'x\\'y@z.de')",
            "+1 415-555-0134", "(415) 555-0134", "100% _*.-~!", "Zoë Åström", "東京", "emoji 😀 and more",
            "tab\tnew\nline"})
    void urlLengthIsTheLengthOfTheEncodedText(String text) {
        assertThat(QueryChunks.urlLength(text)).isEqualTo(URLEncoder.encode(text, StandardCharsets.UTF_8).length());
    }

    @org.junit.jupiter.api.Test
    void chunksStayWithinTheBudgetAndTheCount() {
        List<List<String>> chunks = QueryChunks.of(List.of("aaaa", "bbbb", "cccc", "dddd", "eeee"), String::length, 9, 10);
        assertThat(chunks).containsExactly(List.of("aaaa", "bbbb"), List.of("cccc", "dddd"), List.of("eeee"));
        assertThat(QueryChunks.of(List.of("a", "b", "c"), v -> 1, 100, 2)).containsExactly(List.of("a", "b"), List.of("c"));
    }
}
