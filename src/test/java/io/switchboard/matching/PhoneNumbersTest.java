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
            "+81 3-1234-5678; +81312345678",
            "+55 11 91234-5678; +5511912345678",
            "+91 98765 43210; +919876543210",
            "+353 1 234 5678; +35312345678",
            "415-555-0134 ext 7; +14155550134",
            "415 555 0134 extension 4; +14155550134",
            "tel:+1-415-555-0134; +14155550134",
            "  +1.415.555.0134  ; +14155550134",
    })
    void normalizesToE164(String input, String expected) {
        assertThat(us.toE164(input)).contains(expected);
    }

    @ParameterizedTest(name = "{0} in GB -> {1}")
    @CsvSource(delimiter = ';', value = {"020 7946 0958; +442079460958", "07700 900123; +447700900123"})
    void usesTheDefaultRegionForNationalNumbers(String input, String expected) {
        assertThat(gb.toE164(input)).contains(expected);
    }

    @ParameterizedTest(name = "{0} in DE -> {1}")
    @CsvSource(delimiter = ';', value = {"030 901820; +4930901820", "(030) 90 18 20; +4930901820",
            "+1 415 555 0134; +14155550134"})
    void otherDefaultRegions(String input, String expected) {
        assertThat(new PhoneNumbers(new MatchingProperties("DE")).toE164(input)).contains(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"not a number", "12", "''", "+1 415 555", "' OR Phone != '", "+999 1234 5678"})
    void rejectsWhatIsNotAPossibleNumber(String input) {
        assertThat(us.toE164(input)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void readsRfc3966Extensions() {
        assertThat(us.toE164("tel:+1-415-555-0134;ext=7")).contains("+14155550134");
    }

    @org.junit.jupiter.api.Test
    void storedFormsCoverWhatPeopleAndSalesforceWrite() {
        assertThat(us.storedForms("+14155550134"))
                .containsExactly("+14155550134", "+1 415-555-0134", "(415) 555-0134");
        assertThat(us.storedForms("+442079460958"))
                .containsExactly("+442079460958", "+44 20 7946 0958", "020 7946 0958");
        assertThat(us.storedForms("garbage")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"+1 (415) 555-0134; 4155550134", "+44 20 7946 0958; 2079460958"})
    void searchDigitsAreTheNationalNumber(String input, String digits) {
        assertThat(us.searchDigits(input)).contains(digits);
    }
}
