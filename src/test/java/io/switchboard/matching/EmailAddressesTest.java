package io.switchboard.matching;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmailAddressesTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiterString = " -> ", quoteCharacter = '`', value = {
            "dana@example.com -> dana@example.com",
            "`  Dana.Whitfield@Example.COM ` -> dana.whitfield@example.com",
            "o'brien+calls@example.co.uk -> o'brien+calls@example.co.uk",
            "100%_off*?{x}|~^$&!#=@example.com -> 100%_off*?{x}|~^$&!#=@example.com",
            "dana..whitfield.@example.com -> dana..whitfield.@example.com",
            "dana@xn--exmple-cua.de -> dana@xn--exmple-cua.de",
    })
    void trimsAndLowerCasesValidAddresses(String text, String normalized) {
        assertThat(EmailAddresses.normalize(text)).contains(normalized);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not-an-email", "dana@", "@example.com", "dana@example", "dana@@example.com", "da na@example.com",
            "`dana@example.com' OR Email != '`", "back\\slash@example.com", "\"quoted\"@example.com",
            "dana@-example.com", "dana@example..com", "``", ".dana@example.com",
            // Salesforce refuses non-ASCII addresses unless the org activated Email Address Internationalization
            "zoë@example.de", "dana@exämple.de", "山田@example.jp",
            "a-very-long-local-part-that-goes-on-and-on-and-on-and-on-and-on@and-an-equally-long-domain.example.com",
    })
    void rejectsWhatIsNotAnAddress(String text) {
        assertThat(EmailAddresses.normalize(text)).isEmpty();
    }
}
