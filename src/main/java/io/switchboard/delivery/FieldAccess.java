package io.switchboard.delivery;

import io.switchboard.salesforce.OrgMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Which fields an update may carry: Salesforce refuses create-only ones (e.g. TaskSubtype) on update. */
@Component
class FieldAccess {

    private final OrgMetadata metadata;

    FieldAccess(OrgMetadata metadata) {
        this.metadata = metadata;
    }

    Map<String, Object> updatableOnly(String sObject, Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>(fields);
        out.keySet().removeIf(field -> !metadata.field(sObject, field)
                .map(OrgMetadata.FieldDescription::updateable).orElse(true));
        return out;
    }
}
