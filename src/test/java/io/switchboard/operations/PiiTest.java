package io.switchboard.operations;

import io.switchboard.privacy.Pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PiiTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
            "call from dana.whitfield@example.com => call from d***@example.com",
            "Email: invalid email address: dana@example => Email: invalid email address: d***@example",
            "José.Núñez@beispiel.de wrote => J***@beispiel.de wrote",
            "caller +1 (415) 555-0134 waited => caller ***34 waited",
            "number 4155550134 => number ***34",
            "created=Lead:00QHs0000004C96MAE at 2026-11-20 => created=Lead:00QHs0000004C96MAE at 2026-11-20",
            "short code 12345 => short code 12345",
    })
    void masksEmailsAndPhoneNumbersButNotIdsOrDates(String text, String masked) {
        assertThat(Pii.mask(text)).isEqualTo(masked);
    }
}
