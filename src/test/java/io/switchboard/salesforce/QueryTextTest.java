package io.switchboard.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryTextTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "O'Brien|'O\\'Brien'",
            "back\\slash|'back\\\\slash'",
            "' OR Name != '|'\\' OR Name != \\''",
            "say \"hi\"|'say \\\"hi\\\"'",
            "100%_done|'100%_done'",
            "Zoë 山田|'Zoë 山田'",
    })
    void quotesSoqlLiterals(String value, String literal) {
        assertThat(QueryText.soqlLiteral(value)).isEqualTo(literal);
    }

    @Test
    void escapesControlCharacters() {
        assertThat(QueryText.soqlLiteral("a\nb\tc\r")).isEqualTo("'a\\nb\\tc\\r'");
    }

    @Test
    void escapesEveryReservedCharacterOfSosl() {
        assertThat(QueryText.soslTerm("?&|!{}[]()^~*:\\\"'+-"))
                .isEqualTo("\\?\\&\\|\\!\\{\\}\\[\\]\\(\\)\\^\\~\\*\\:\\\\\\\"\\'\\+\\-");
    }

    @Test
    void buildsInLists() {
        assertThat(QueryText.soqlList(List.of("a", "b'c"))).isEqualTo("('a', 'b\\'c')");
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
            "john+doe@example.com => john\\+doe@example.com",
            "a-b => a\\-b",
            "(415) 555* => \\(415\\) 555\\*",
            "x} OR {y => x\\} OR \\{y",
            "back\\slash => back\\\\slash",
    })
    void escapesSoslReservedCharacters(String value, String term) {
        assertThat(QueryText.soslTerm(value)).isEqualTo(term);
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "acme.com|'%acme.com%'",
            "100%_x|'%100\\%\\_x%'",
            "o'b\\c|'%o\\'b\\\\c%'",
    })
    void containsPatternsEscapeLikeWildcards(String value, String pattern) {
        assertThat(QueryText.soqlContains(value)).isEqualTo(pattern);
    }

    @Test
    void percentAndUnderscoreAreLiteralOutsideLike() {
        assertThat(QueryText.soqlLiteral("100%_")).isEqualTo("'100%_'");
    }

    @Test
    void otherControlCharactersBecomeUnicodeEscapes() {
        assertThat(QueryText.soqlLiteral("a\u0000b\u001bc")).isEqualTo("'a\\u0000b\\u001bc'");
    }
}
