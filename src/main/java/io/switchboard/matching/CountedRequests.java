package io.switchboard.matching;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.salesforce.Read;
import io.switchboard.salesforce.SalesforceGateway;
import java.util.List;

/** The Salesforce requests of one batch's matching, counted so the outcome can report what matching cost. */
final class CountedRequests {

    private final SalesforceGateway salesforce;
    private final io.switchboard.salesforce.RequestTally tally = new io.switchboard.salesforce.RequestTally();

    CountedRequests(SalesforceGateway salesforce) {
        this.salesforce = salesforce;
    }

    /** Several reads at once: one request for up to five of them and their next pages (see {@link SalesforceGateway#readAll}). */
    List<List<JsonNode>> readAll(List<Read> reads) {
        if (reads.isEmpty()) {
            return List.of();
        }
        return salesforce.readAll(reads, tally);
    }

    int count() {
        return tally.count();
    }
}
