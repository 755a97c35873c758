package io.switchboard.matching;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneNumbersTest {

    private final PhoneNumbers us = new PhoneNumbers(new MatchingProperties("US"));
    private final PhoneNumbers gb = new PhoneNumbers(new MatchingProperties("GB"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', value = {
            "(415) 555-0134; +14155550134",
            "415.555.0134; +14155550134",
            "+1 415-555-0134; +14155550134",
            "1-415-555-0134; +14155550134",
            "415-555-0134 ext. 12; +14155550134",
            "+1 (415) 555-0134 x99; +14155550134",
            "+44 20 7946 0958; +442079460958",
            "+49 30 901820; +4930901820",
            "+33 1 42 68 53 00; +33142685300",
            "+61 2 9374 4000; +61293744000",
    })
    void normalizesToE164(String input, String expected) {
        assertThat(us.toE164(input)).contains(expected);
    }

    @ParameterizedTest(name = "{0} in GB -> {1}")
    @CsvSource(delimiter = ';', value = {"020 7946 0958; +442079460958", "07700 900123; +447700900123"})
    void usesTheDefaultRegionForNationalNumbers(String input, String expected) {
        assertThat(gb.toE164(input)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"not a number", "12", "''", "+1 415 555"})
    void rejectsWhatIsNotAPossibleNumber(String input) {
        assertThat(us.toE164(input)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"+1 (415) 555-0134; 4155550134", "+44 20 7946 0958; 2079460958"})
    void searchDigitsAreTheNationalNumber(String input, String digits) {
        assertThat(us.searchDigits(input)).contains(digits);
    }
}
