package io.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.salesforce.OrgMetadata;
import io.switchboard.testing.EndToEndTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A rule's activity object, its lookups to the person and shared participants, checked against the org's describe. */
class ActivityRulesAgainstTheOrgIT extends EndToEndTest {

    @Autowired
    RulesValidator validator;

    @Autowired
    OrgMetadata metadata;

    @Test
    void aCustomActivityObjectIsCheckedFieldByFieldWithItsLines() {
        Rules rules = new RulesLoader().parse("""
                types:
                  call.inbound:
                    activity:
                      object: Call_Log__c
                      personFields:
                        Contact: Contact__c
                        Lead: Subject__c
                        Account: Acount__c
                      keyField: Switchboard_Key__c
                    fields:
                      Call_Log__c:
                        - {field: Duration_Seconds__c, from: person.name}
                        - {field: Summary__c, from: content.transcript}
                  call.outbound:
                    activity:
                      object: Calls_Log__c
                      personFields: {Contact: Contact__c}
                """, "custom.yaml");
        List<String> problems = validator.problems(rules);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.activity.personFields.Lead (line 7)")
                .contains("Call_Log__c.Subject__c is no lookup to Lead"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.activity.personFields.Account (line 8)")
                .contains("Call_Log__c has no field 'Acount__c'"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.activity.keyField (line 9)")
                .contains("Call_Log__c has no field Switchboard_Key__c"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.fields.Call_Log__c.0 (line 12)")
                .contains("Call_Log__c.Duration_Seconds__c is a number"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.outbound.activity.object (line 16)")
                .contains("no object 'Calls_Log__c'"));
        assertThat(problems).hasSize(5);
    }

    @Test
    void sharedParticipantsNeedTheOrgsSharedActivities() {
        Rules rules = new RulesLoader().parse("""
                types:
                  call.inbound:
                    activity:
                      participants: shared
                  test.meeting:
                    activity:
                      object: Event
                      participants: shared
                """, "shared.yaml");
        assertThat(validator.problems(rules)).isEmpty();
        bed.salesforce().org().setSharedActivities(false);
        try {
            metadata.forget();
            List<String> problems = validator.problems(rules);
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.call.inbound.activity.participants (line 4)")
                    .contains("this org has no Shared Activities (TaskRelation is missing)").contains("participants: each"));
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("types.test.meeting.activity.participants (line 8)")
                    .contains("EventRelation has no IsParent"));
            assertThat(problems).hasSize(2);
        } finally {
            bed.salesforce().org().setSharedActivities(true);
            metadata.forget();
        }
    }
}
