package io.switchboard.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.salesforce.SalesforceIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CollisionsTest {

    @Test
    void aFifteenCharacterIdIsReadAsItsCaseSafeForm() {
        assertThat(Collisions.namedIn("duplicate value found: Switchboard_Event_Id__c duplicates value on record with id: 001A0000006Vm9r"))
                .contains("001A0000006Vm9rIAC");
        assertThat(SalesforceIds.caseSafe("001A0000006Vm9r")).contains("001A0000006Vm9rIAC");
    }

    @Test
    void anEighteenCharacterIdIsTakenAsItIs() {
        assertThat(Collisions.namedIn("duplicate value found: X__c duplicates value on record with id: 00T5e000001AbCdEAK"))
                .contains("00T5e000001AbCdEAK");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "duplicate value found: Switchboard_Event_Id__c duplicates value on record with id: <unknown>",
            "Doppelter Wert gefunden: Switchboard_Event_Id__c",
            "duplicate value found: Switchboard_Event_Id__c duplicates value on record with id: 0015e00",
            ""})
    void noIdWhereTheMessageNamesNoneSoTheRecordIsFoundByItsKey(String message) {
        assertThat(Collisions.namedIn(message)).isEmpty();
    }
}
