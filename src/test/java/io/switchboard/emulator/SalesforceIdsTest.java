package io.switchboard.emulator;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SalesforceIdsTest {

    @ParameterizedTest
    @CsvSource({
            // a pair published in Salesforce's own documentation of the 18-character id
            "001A0000006Vm9r, 001A0000006Vm9rIAC",
            "003D000000Qp7ZK, 003D000000Qp7ZKIAZ",
            "AAAAAAAAAAAAAAA, AAAAAAAAAAAAAAA555",
            "aaaaaaaaaaaaaaa, aaaaaaaaaaaaaaaAAA",
            "00Q000000000000, 00Q000000000000EAA"
    })
    void checksumEncodesTheCaseOfEachFiveCharacterChunk(String id15, String id18) {
        assertThat(SalesforceIds.to18(id15)).isEqualTo(id18);
        assertThat(SalesforceIds.normalize(id15)).isEqualTo(id18);
        assertThat(SalesforceIds.normalize(id18)).isEqualTo(id18);
        assertThat(SalesforceIds.normalize(id18.toLowerCase())).as("18-char ids are case-insensitive").isEqualTo(id18);
        assertThat(SalesforceIds.normalize(id18.toUpperCase())).as("18-char ids are case-insensitive").isEqualTo(id18);
    }

    @ParameterizedTest
    @CsvSource({"001A0000006Vm9r9AC", "001A0000006Vm9", "001A0000006Vm9r-AC", "''", "001A0000006Vm9rIACX", "0010000000000005AA"})
    void rejectsWhatIsNotAnId(String text) {
        assertThat(SalesforceIds.normalize(text)).isNull();
    }

    @Test
    void generatedIdsAreUniqueValidAndCarryThePrefix() {
        SalesforceIds ids = new SalesforceIds(0);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ids.next("00T");
            assertThat(id).hasSize(18).startsWith("00T");
            assertThat(SalesforceIds.normalize(id)).isEqualTo(id);
            assertThat(seen.add(id)).isTrue();
        }
    }
}
