package io.switchboard.salesforce;

import java.util.Map;

/** One record to create (id null) or update (id set), for {@link SalesforceGateway#saveAll}. */
public record RecordWrite(String sObject, String id, Map<String, Object> fields) {

    public boolean isCreate() {
        return id == null;
    }
}
