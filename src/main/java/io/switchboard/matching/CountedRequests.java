package io.switchboard.matching;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.salesforce.Read;
import io.switchboard.salesforce.SalesforceGateway;
import java.util.List;

/** The Salesforce requests of one batch's matching, counted so the outcome can report what matching cost. */
final class CountedRequests {

    private final SalesforceGateway salesforce;
    private int count;

    CountedRequests(SalesforceGateway salesforce) {
        this.salesforce = salesforce;
    }

    /** Several reads at once: one request for up to five of them (see {@link SalesforceGateway#readAll}). */
    List<List<JsonNode>> readAll(List<Read> reads) {
        if (reads.isEmpty()) {
            return List.of();
        }
        count += (reads.size() + 4) / 5;
        return salesforce.readAll(reads);
    }

    int count() {
        return count;
    }
}
