package io.switchboard.delivery;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param eventIdField external-ID text field on Task that holds the event id, so that a replayed event updates
 *                     its Task instead of adding one; blank when the org has none (the Task's CallObject is then
 *                     looked up instead, at the price of one query per event)
 */
@ConfigurationProperties("switchboard.delivery")
public record DeliveryProperties(@DefaultValue("Switchboard_Event_Id__c") String eventIdField) {

    public boolean hasEventIdField() {
        return eventIdField != null && !eventIdField.isBlank();
    }
}
