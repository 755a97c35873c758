package io.switchboard.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param eventIdField   external-ID text field on Task and Event holding the activity key, so that a replayed
 *                       event updates its activity instead of adding one; blank when the org has none (the Task's
 *                       CallObject is then looked up instead, at the price of one query per event)
 * @param eventTimeField datetime field on Task and Event holding the time of the event that last wrote it, so an
 *                       update that arrives late never overwrites a newer one; blank: no such guard
 * @param eventSequenceField number field on Task and Event holding the microseconds within the second of that
 *                       event, since Salesforce keeps datetimes to the whole second (see {@code ActivityOrder});
 *                       blank or absent from the org: two updates within one second are taken in arrival order
 * @param personKeyField unique External ID text field on Lead, Contact and Account (for Person Accounts) holding a
 *                       new person's identity (normalized email, else E.164 phone), so that two creates of one
 *                       person collide and the second is matched to the first; blank or absent: not written
 * @param defaultOwnerId owner of activities whose agent is no Salesforce user; blank: the integration user
 * @param personAccountRecordTypeId the org's Person Account record type, written on a new Person Account
 * @param ownerCacheTtl  how long an agent's user (or the absence of one) is remembered
 */
@ConfigurationProperties("switchboard.delivery")
public record DeliveryProperties(@DefaultValue("Switchboard_Event_Id__c") String eventIdField,
                                 @DefaultValue("Switchboard_Event_Time__c") String eventTimeField,
                                 @DefaultValue("Switchboard_Event_Sequence__c") String eventSequenceField,
                                 @DefaultValue("Switchboard_Person_Key__c") String personKeyField,
                                 @DefaultValue("") String defaultOwnerId,
                                 @DefaultValue("") String personAccountRecordTypeId,
                                 @DefaultValue("10m") Duration ownerCacheTtl) {

    public boolean hasEventTimeField() {
        return eventTimeField != null && !eventTimeField.isBlank();
    }

    public boolean hasEventSequenceField() {
        return hasEventTimeField() && eventSequenceField != null && !eventSequenceField.isBlank();
    }

    public boolean hasPersonKeyField() {
        return personKeyField != null && !personKeyField.isBlank();
    }

    public boolean hasEventIdField() {
        return eventIdField != null && !eventIdField.isBlank();
    }
}
