package io.switchboard.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.salesforce.OrgMetadata;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Start-up says which optional fields the org lacks and what that costs; it never stops the service. */
@ExtendWith(OutputCaptureExtension.class)
class OrgSetupCheckTest {

    private static final DeliveryProperties DEFAULTS = new DeliveryProperties("Switchboard_Event_Id__c",
            "Switchboard_Event_Time__c", "Switchboard_Event_Sequence__c", "Switchboard_Person_Key__c", "", "",
            Duration.ofMinutes(10));

    /** An org whose objects exist with only the fields given. */
    private static OrgMetadata org(Map<String, Map<String, OrgMetadata.FieldDescription>> fields) {
        return new OrgMetadata(null) {
            @Override
            public Optional<ObjectDescription> describe(String sObject) {
                return Optional.of(new ObjectDescription(sObject, fields.getOrDefault(sObject, Map.of())));
            }
        };
    }

    private static OrgMetadata.FieldDescription unique(String name) {
        return new OrgMetadata.FieldDescription(name, "string", 255, true, true, false, java.util.List.of(), true);
    }

    @Test
    void anOrgWithoutThePersonKeyOrTheSequenceFieldIsToldWhatThatCosts(CapturedOutput output) {
        OrgMetadata bare = org(Map.of());
        new OrgSetupCheck(new DeliveryLookups(null, DEFAULTS, bare), DEFAULTS, bare).run(null);
        assertThat(output.getOut()).contains("Lead has no unique field Switchboard_Person_Key__c")
                .contains("can be created twice").contains("Task has no field Switchboard_Event_Sequence__c");
    }

    @Test
    void anOrgWithTheFieldsHearsNothing(CapturedOutput output) {
        OrgMetadata ready = org(Map.of(
                "Lead", Map.of("Switchboard_Person_Key__c", unique("Switchboard_Person_Key__c")),
                "Contact", Map.of("Switchboard_Person_Key__c", unique("Switchboard_Person_Key__c")),
                "Account", Map.of("Switchboard_Person_Key__c", unique("Switchboard_Person_Key__c")),
                "Task", Map.of("Switchboard_Event_Sequence__c", unique("Switchboard_Event_Sequence__c")),
                "Event", Map.of("Switchboard_Event_Sequence__c", unique("Switchboard_Event_Sequence__c"))));
        new OrgSetupCheck(new DeliveryLookups(null, DEFAULTS, ready), DEFAULTS, ready).run(null);
        assertThat(output.getOut()).doesNotContain("has no");
    }
}
