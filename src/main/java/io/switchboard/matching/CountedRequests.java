package io.switchboard.matching;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.salesforce.SalesforceGateway;
import java.util.List;

/** The Salesforce requests of one batch's matching, counted so the outcome can report what matching cost. */
final class CountedRequests {

    private final SalesforceGateway salesforce;
    private int count;

    CountedRequests(SalesforceGateway salesforce) {
        this.salesforce = salesforce;
    }

    List<JsonNode> query(String soql) {
        count++;
        return salesforce.query(soql);
    }

    List<JsonNode> search(String sosl) {
        count++;
        return salesforce.search(sosl);
    }

    int count() {
        return count;
    }
}
