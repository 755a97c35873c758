package io.switchboard.matching;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.salesforce.OrgMetadata;
import io.switchboard.salesforce.QueryText;
import io.switchboard.salesforce.Read;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Where a record given by id that no longer lives went, when it was merged away: Salesforce deletes the records it
 * merges and keeps their MasterRecordId (the survivor), readable with queryAll while the deleted record is in the
 * recycle bin. One queryAll per object, asked only for given ids that matched nothing.
 */
@Component
class MergedRecords {

    private final OrgMetadata metadata;

    MergedRecords(OrgMetadata metadata) {
        this.metadata = metadata;
    }

    /** Given id (its 15 characters) to its survivor's id, for the ids that were merged away. */
    Map<String, String> survivors(Map<String, Set<String>> idsBySObject, CountedRequests requests) {
        List<Read> reads = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : idsBySObject.entrySet()) {
            if (!e.getValue().isEmpty() && metadata.field(e.getKey(), "MasterRecordId").isPresent()) {
                reads.add(Read.queryAll("SELECT Id, MasterRecordId FROM " + e.getKey() + " WHERE Id IN "
                        + QueryText.soqlList(e.getValue()) + " AND IsDeleted = true AND MasterRecordId != null"));
            }
        }
        Map<String, String> out = new HashMap<>();
        for (List<JsonNode> answer : requests.readAll(reads)) {
            for (JsonNode r : answer) {
                String id = r.path("Id").asText();
                String master = r.path("MasterRecordId").asText(null);
                if (master != null && !master.isEmpty()) {
                    out.put(id.substring(0, Math.min(15, id.length())), master);
                }
            }
        }
        return out;
    }
}
