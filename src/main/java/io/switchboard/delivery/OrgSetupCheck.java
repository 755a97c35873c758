package io.switchboard.delivery;

import io.switchboard.salesforce.OrgMetadata;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Says at start-up which of the optional fields that make delivery safer the org lacks, and what that costs, so an
 * administrator can add them. Delivery works without them, as described; nothing here stops the service.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class OrgSetupCheck implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(OrgSetupCheck.class);
    private static final List<String> PEOPLE = List.of("Lead", "Contact", "Account");
    private static final List<String> ACTIVITIES = List.of("Task", "Event");

    private final DeliveryLookups lookups;
    private final DeliveryProperties properties;
    private final OrgMetadata metadata;

    OrgSetupCheck(DeliveryLookups lookups, DeliveryProperties properties, OrgMetadata metadata) {
        this.lookups = lookups;
        this.properties = properties;
        this.metadata = metadata;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            if (properties.hasPersonKeyField()) {
                for (String object : PEOPLE) {
                    if (metadata.describe(object).isPresent() && !lookups.hasPersonKeyField(object)) {
                        log.warn("{} has no unique field {}: a person whose events arrive under different Kafka keys, "
                                + "at two instances at once, can be created twice. Create it as Text(255), External ID, "
                                + "Unique on Lead, Contact and Account, or set switchboard.delivery.person-key-field to "
                                + "blank to silence this.", object, properties.personKeyField());
                    }
                }
            }
            if (properties.hasEventSequenceField()) {
                for (String object : ACTIVITIES) {
                    if (metadata.describe(object).isPresent() && !lookups.hasSequenceField(object)) {
                        log.warn("{} has no field {}: Salesforce keeps {} to the second, so two updates of one "
                                + "conversation within one second are taken in the order they arrive. Create it as "
                                + "Number(18, 0), or set switchboard.delivery.event-sequence-field to blank.",
                                object, properties.eventSequenceField(), properties.eventTimeField());
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not check the org's optional Switchboard fields ({}); delivery goes on without knowing",
                    e.getMessage());
        }
    }
}
