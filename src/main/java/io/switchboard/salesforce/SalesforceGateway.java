package io.switchboard.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The Salesforce requests the service makes, built here as few as Salesforce allows (queries five to a composite
 * request with searches beside them, their pages followed to the end; writes in sObject Collections, five to a request; describe; a probe),
 * and their answers read ({@link Answers}). Each goes through {@link SalesforceTransport}, which keeps the budget,
 * counts it and classifies its failure.
 */
@Component
public class SalesforceGateway {

    private final SalesforceTransport transport;
    private final ApiUsage usage;
    private final String apiVersion;

    public SalesforceGateway(SalesforceTransport transport, ApiUsage usage,
                             @org.springframework.beans.factory.annotation.Value("${camel.component.salesforce.api-version:62.0}")
                             String apiVersion) {
        this.transport = transport;
        this.usage = usage;
        this.apiVersion = apiVersion;
    }

    /** As {@link #readAll(List, RequestTally)}, for work that does not report its cost. */
    public List<List<JsonNode>> readAll(List<Read> reads) {
        return readAll(reads, new RequestTally());
    }

    /**
     * Runs several queries and searches in as few API requests as Salesforce allows: five queries to one composite
     * request (its limit for queries), and searches beside them up to its 25 subrequests. Even a single read goes as a composite request: it costs the same one request, and
     * its query travels in the request body, where no HTTP client or proxy on the way limits its length. A query's
     * answer is complete: where Salesforce says it is not ({@code done: false}, whatever the number of rows on the
     * page, since a page may be shorter than the batch size), its next pages are fetched the same way, five to a
     * request, each counted in {@code tally}. The records come back in the order of {@code reads}.
     */
    public List<List<JsonNode>> readAll(List<Read> reads, RequestTally tally) {
        List<List<JsonNode>> out = new ArrayList<>(reads.size());
        List<Page> first = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            Read read = reads.get(i);
            out.add(new ArrayList<>());
            first.add(new Page(i, read.kind(), "/services/data/v" + apiVersion + read.kind().path
                    + java.net.URLEncoder.encode(read.text(), java.nio.charset.StandardCharsets.UTF_8)));
        }
        // One group's pages are read to the end before the next group starts: Salesforce keeps at most ten query
        // cursors open per user and closes the oldest beyond that, so no more than five are ever open here.
        for (List<Page> group : groups(first)) {
            List<Page> pending = group;
            while (!pending.isEmpty()) {
                tally.add(1);
                pending = fetch(pending, out);
            }
        }
        return out;
    }

    /**
     * The reads in composite requests as full as Salesforce allows: 25 subrequests, of which at most five queries
     * (query and queryAll count; a search does not), in the order given.
     */
    private static List<List<Page>> groups(List<Page> pages) {
        List<List<Page>> out = new ArrayList<>();
        List<Page> group = new ArrayList<>();
        int queries = 0;
        for (Page page : pages) {
            boolean query = page.kind() != Read.Kind.SEARCH;
            if (group.size() == SUBREQUESTS_PER_COMPOSITE || (query && queries == QUERIES_PER_COMPOSITE)) {
                out.add(group);
                group = new ArrayList<>();
                queries = 0;
            }
            group.add(page);
            queries += query ? 1 : 0;
        }
        if (!group.isEmpty()) {
            out.add(group);
        }
        return out;
    }

    /** One page to fetch: the first of a read, or a next page Salesforce pointed to. */
    private record Page(int read, Read.Kind kind, String url) {
    }

    /** Fetches a group of pages in one composite request, keeps their records, and answers the pages that follow. */
    private List<Page> fetch(List<Page> group, List<List<JsonNode>> out) {
        List<Map<String, Object>> subrequests = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            subrequests.add(Map.of("method", "GET", "referenceId", "read" + i, "url", group.get(i).url()));
        }
        String operation = group.size() == 1 ? kindName(group.get(0).kind()) : "read " + group.size() + " queries";
        JsonNode response = call(operation, "salesforce:composite?rawPayload=true",
                m -> { }, Map.of("allOrNone", false, "compositeRequest", subrequests));
        JsonNode answers = compositeAnswers(operation, response);
        List<Page> following = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            Page page = group.get(i);
            JsonNode answer = Answers.forReference(answers, "read" + i, i);
            int status = answer.path("httpStatusCode").asInt(500);
            if (status >= 300) {
                SalesforceError error = recordError(answer.path("body").path(0), status);
                if (error.isTransient()) {
                    usage.markFailed(error);
                    throw new SalesforceUnavailable(kindName(page.kind()), error, null);
                }
                throw new SalesforceRejection(kindName(page.kind()), error);
            }
            JsonNode body = answer.path("body");
            Answers.records(body, page.kind(), out.get(page.read()));
            if (page.kind() != Read.Kind.SEARCH) {
                Answers.nextPage(body).ifPresent(next -> following.add(new Page(page.read(), page.kind(), next)));
            }
        }
        return following;
    }

    private static String kindName(Read.Kind kind) {
        return switch (kind) {
            case QUERY -> "query";
            case QUERY_ALL -> "queryAll";
            case SEARCH -> "search";
        };
    }

    /**
     * One cheap request (the org's limits) that says whether Salesforce answers at all: when a batch keeps failing
     * as if Salesforce were unavailable, this tells an outage from a request that fails for what it holds.
     */
    public boolean answers() {
        try {
            call("probe limits", "salesforce:limits?rawPayload=true", m -> { }, null);
            return true;
        } catch (SalesforceUnavailable e) {
            return false;
        } catch (SalesforceRejection e) {
            // an answer, even a refusal, is Salesforce answering
            return true;
        }
    }

    private static final int QUERIES_PER_COMPOSITE = 5;
    private static final int SUBREQUESTS_PER_COMPOSITE = 25;
    /** Records in one answer of a search at most (SOSL's limit): an answer this long may have been cut. */
    public static final int PAGE_ROWS = 2_000;

    /** The object's describe metadata, or empty when the org has no such object. */
    public java.util.Optional<JsonNode> describe(String sObject) {
        try {
            return java.util.Optional.of(call("describe " + sObject, "salesforce:getDescription?rawPayload=true",
                    m -> m.setHeader("sObjectName", sObject), null));
        } catch (SalesforceRejection e) {
            if (e.error().status() == 404 || "NOT_FOUND".equals(e.error().code())) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Creates and updates many records in as few API requests as Salesforce allows: sObject Collections of up to 200
     * records, five collections to one composite request, so a thousand writes cost one request. Records fail
     * alone (allOrNone false); the results come back in the order of {@code writes}. A record failing for a
     * reason worth retrying (a locked row, an unavailable server) fails the whole call with
     * {@link SalesforceUnavailable}: the batch is retried and its writes are idempotent.
     */
    public List<SaveResult> saveAll(List<RecordWrite> writes) {
        List<List<SaveResult>> results = List.of(new ArrayList<>(java.util.Collections.nCopies(writes.size(), null)));
        List<Chunk> chunks = chunks(0, writes);
        for (int from = 0; from < chunks.size(); from += COLLECTIONS_PER_COMPOSITE) {
            List<Chunk> group = chunks.subList(from, Math.min(chunks.size(), from + COLLECTIONS_PER_COMPOSITE));
            sendComposite(group, List.of(writes), results);
        }
        return results.get(0);
    }

    /**
     * A field value of a write in the second stage of {@link #saveChained}: the id the first stage's write at
     * {@code index} gets, sent as a composite reference ({@code @{chunk0[3].id}}), resolved by Salesforce.
     */
    public record IdOfEarlier(int index) {
    }

    /**
     * The results of {@link #saveChained}. A second-stage result is null where its collection was not carried out
     * as a whole: it names a first-stage record that failed (Salesforce halts a subrequest whose reference it
     * cannot resolve), or the collection failed for itself. Nothing of it was written: send it again.
     */
    public record ChainedResults(List<SaveResult> first, List<SaveResult> then) {
    }

    /**
     * Two stages of writes in one composite request, where the second names records the first creates
     * ({@link IdOfEarlier}): a batch's new people and the activities that name them cost one request instead of two.
     * Empty, and nothing sent, when the stages need more collections than one composite request holds. Errors
     * as in {@link #saveAll}.
     */
    public java.util.Optional<ChainedResults> saveChained(List<RecordWrite> first, List<RecordWrite> then) {
        List<Chunk> chunks = new ArrayList<>(chunks(0, first));
        chunks.addAll(chunks(1, then));
        if (chunks.size() > COLLECTIONS_PER_COMPOSITE) {
            return java.util.Optional.empty();
        }
        List<List<SaveResult>> results = List.of(new ArrayList<>(java.util.Collections.nCopies(first.size(), null)),
                new ArrayList<>(java.util.Collections.nCopies(then.size(), null)));
        sendComposite(chunks, List.of(first, then), results);
        return java.util.Optional.of(new ChainedResults(results.get(0), results.get(1)));
    }

    private static final int COLLECTION_SIZE = 200;
    private static final int COLLECTIONS_PER_COMPOSITE = 5;

    /** Up to 200 writes of one stage, all creates or all updates. */
    private record Chunk(int stage, boolean create, List<Integer> indexes) {
    }

    private static List<Chunk> chunks(int stage, List<RecordWrite> writes) {
        List<Chunk> chunks = new ArrayList<>();
        for (boolean create : new boolean[] {true, false}) {
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < writes.size(); i++) {
                if (writes.get(i).isCreate() == create) {
                    indexes.add(i);
                }
            }
            for (int from = 0; from < indexes.size(); from += COLLECTION_SIZE) {
                chunks.add(new Chunk(stage, create, indexes.subList(from, Math.min(indexes.size(), from + COLLECTION_SIZE))));
            }
        }
        return chunks;
    }

    private void sendComposite(List<Chunk> group, List<List<RecordWrite>> stages, List<List<SaveResult>> results) {
        List<Map<String, Object>> subrequests = new ArrayList<>();
        // where each first-stage write sits in the request, for the second stage's references
        Map<Integer, String> references = new java.util.HashMap<>();
        for (int c = 0; c < group.size(); c++) {
            Chunk chunk = group.get(c);
            List<Map<String, Object>> records = new ArrayList<>();
            for (int index : chunk.indexes()) {
                RecordWrite write = stages.get(chunk.stage()).get(index);
                if (chunk.stage() == 0) {
                    references.put(index, "@{chunk" + c + "[" + records.size() + "].id}");
                }
                Map<String, Object> record = new java.util.LinkedHashMap<>();
                record.put("attributes", Map.of("type", write.sObject()));
                if (!write.isCreate()) {
                    record.put("Id", write.id());
                }
                write.fields().forEach((field, value) -> record.put(field,
                        value instanceof IdOfEarlier earlier ? references.get(earlier.index()) : value));
                records.add(record);
            }
            subrequests.add(Map.of("method", chunk.create() ? "POST" : "PATCH",
                    "url", "/services/data/v" + apiVersion + "/composite/sobjects",
                    "referenceId", "chunk" + c,
                    "body", Map.of("allOrNone", false, "records", records)));
        }
        String operation = "save " + group.stream().mapToInt(g -> g.indexes().size()).sum() + " records";
        JsonNode response = call(operation, "salesforce:composite?rawPayload=true", m -> { },
                Map.of("allOrNone", false, "compositeRequest", subrequests));
        JsonNode answers = compositeAnswers(operation, response);
        for (int c = 0; c < group.size(); c++) {
            Chunk chunk = group.get(c);
            JsonNode answer = Answers.forReference(answers, "chunk" + c, c);
            JsonNode body = answer.path("body");
            boolean carriedOut = body.isArray() && body.size() == chunk.indexes().size() && body.path(0).has("success");
            if (!carriedOut && chunk.stage() > 0) {
                // not carried out (a reference to a failed record, most often): left null, to be sent again
                continue;
            }
            for (int k = 0; k < chunk.indexes().size(); k++) {
                RecordWrite write = stages.get(chunk.stage()).get(chunk.indexes().get(k));
                JsonNode result = carriedOut ? body.path(k) : null;
                SaveResult saved;
                if (result != null && result.has("success")) {
                    saved = result.path("success").asBoolean()
                            ? new SaveResult(result.path("id").asText(write.id()), null)
                            : new SaveResult(null, recordError(result.path("errors").path(0), 400));
                } else {
                    // The collection failed as a whole (e.g. limits): every record of it gets that error.
                    saved = new SaveResult(null, recordError(body.path(0), answer.path("httpStatusCode").asInt(500)));
                }
                if (saved.error() != null && saved.error().isTransient()) {
                    usage.markFailed(saved.error());
                    throw new SalesforceUnavailable("save records", saved.error(), null);
                }
                results.get(chunk.stage()).set(chunk.indexes().get(k), saved);
            }
        }
    }

    /**
     * The subrequests' answers; a composite request that failed as a whole can come back from the component as
     * an error body instead of an exception, and is classified here like any other failure.
     */
    private JsonNode compositeAnswers(String operation, JsonNode response) {
        if (response.has("compositeResponse")) {
            return response.path("compositeResponse");
        }
        JsonNode first = response.isArray() ? response.path(0) : response;
        String code = first.path("errorCode").asText("UNREADABLE_RESPONSE");
        String message = first.path("message").asText(response.toString());
        // the composite's own status is not in an error body: the code tells (busy: 503; another server error: 500)
        SalesforceError asCode = new SalesforceError(400, code, message, List.of());
        int status = asCode.saysSalesforceIsBusy() ? 503
                : asCode.isTransient() || "UNREADABLE_RESPONSE".equals(code) ? 500 : 400;
        SalesforceError classified = new SalesforceError(status, code, message, List.of());
        usage.markFailed(classified);
        if (classified.isTransient()) {
            throw new SalesforceUnavailable(operation, classified, null);
        }
        throw new SalesforceRejection(operation, classified);
    }

    private static SalesforceError recordError(JsonNode error, int status) {
        String code = error.path("statusCode").asText(error.path("errorCode").asText("UNKNOWN_ERROR"));
        List<String> fields = new ArrayList<>();
        error.path("fields").forEach(f -> fields.add(f.asText()));
        return new SalesforceError(status, code, error.path("message").asText("no message"), fields);
    }

    private JsonNode call(String operation, String uri, Consumer<org.apache.camel.Message> headers, Object body) {
        return transport.call(operation, uri, headers, body);
    }
}
