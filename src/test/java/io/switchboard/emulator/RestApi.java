package io.switchboard.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The REST resources below /services/data/vNN.N/: sObject CRUD and upsert, describe, limits, query with paging,
 * search, and (through {@link CompositeApi}) the composite resources. Requests arrive authenticated and counted;
 * this class only maps them to the org and renders Salesforce's JSON.
 */
final class RestApi {

    private final Org org;
    private final LongSupplier apiUsed;
    private final LongSupplier apiMax;
    private final CompositeApi composite;
    private final QueryCursors cursors;

    RestApi(Org org, LongSupplier apiUsed, LongSupplier apiMax) {
        this.org = org;
        this.apiUsed = apiUsed;
        this.apiMax = apiMax;
        this.composite = new CompositeApi(org, this);
        this.cursors = new QueryCursors(org.clock(), org::pageSizes);
    }

    void clearCursors() {
        cursors.clear();
    }

    ApiResponse handle(ApiRequest request) {
        try {
            return route(request);
        } catch (ApiException e) {
            return ApiResponse.error(e);
        } catch (Org.MultipleChoices e) {
            return ApiResponse.of(300, e.urls());
        }
    }

    private ApiResponse route(ApiRequest r) {
        String first = r.segment(0);
        if (first == null) {
            return get(r, () -> resources(r.version()));
        }
        return switch (first) {
            case "sobjects" -> sobjects(r);
            case "query", "queryAll" -> query(r, first.equals("queryAll"));
            case "search" -> get(r, () -> search(r));
            case "limits" -> get(r, this::limits);
            case "composite" -> composite.handle(r);
            default -> throw ApiException.notFound();
        };
    }

    private interface Body {
        Object get();
    }

    private static ApiResponse get(ApiRequest r, Body body) {
        if (!r.method().equals("GET") && !r.method().equals("HEAD")) {
            throw methodNotAllowed(r, "GET,HEAD");
        }
        return ApiResponse.of(200, body.get());
    }

    static ApiException methodNotAllowed(ApiRequest r, String allowed) {
        return new ApiException(405, "METHOD_NOT_ALLOWED", "HTTP Method '" + r.method() + "' not allowed. Allowed are "
                + allowed);
    }

    private static Map<String, Object> resources(String version) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : List.of("sobjects", "query", "queryAll", "search", "composite", "limits")) {
            out.put(name, "/services/data/v" + version + "/" + name);
        }
        return out;
    }

    private Map<String, Object> limits() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("DailyApiRequests", limit(apiMax.getAsLong(), Math.max(0, apiMax.getAsLong() - apiUsed.getAsLong())));
        out.put("DailyAsyncApexExecutions", limit(250_000, 250_000));
        out.put("DailyBulkApiBatches", limit(15_000, 15_000));
        out.put("DailyBulkV2QueryJobs", limit(10_000, 10_000));
        out.put("DataStorageMB", limit(5, 5));
        out.put("FileStorageMB", limit(20, 20));
        return out;
    }

    private static Map<String, Object> limit(long max, long remaining) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Max", max);
        m.put("Remaining", remaining);
        return m;
    }

    // ---------------------------------------------------------------- sObjects

    private ApiResponse sobjects(ApiRequest r) {
        if (r.path().size() == 1) {
            return get(r, () -> Describer.global(org.schema(), r.version()));
        }
        ObjectDef def = org.requireObject(r.segment(1));
        if (r.path().size() == 2) {
            return switch (r.method()) {
                case "GET" -> ApiResponse.of(200, Describer.basicInfo(def, r.version()));
                case "POST" -> {
                    String id = org.create(def, Json.parseObject(r.body()), r.userId(), false);
                    yield ApiResponse.of(201, saveResult(id));
                }
                default -> throw methodNotAllowed(r, "GET,HEAD,POST");
            };
        }
        if (r.path().size() == 3 && r.segment(2).equals("describe")) {
            return get(r, () -> Describer.describe(org.schema(), def, r.version()));
        }
        if (r.path().size() == 3) {
            return record(r, def, r.segment(2));
        }
        if (r.path().size() == 4) {
            return externalId(r, def, r.segment(2), r.segment(3));
        }
        throw ApiException.notFound();
    }

    static Map<String, Object> saveResult(String id) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("success", true);
        out.put("errors", List.of());
        return out;
    }

    private ApiResponse record(ApiRequest r, ObjectDef def, String rawId) {
        String id = SalesforceIds.normalize(rawId);
        if (id == null || !SalesforceIds.prefix(id).equals(def.keyPrefix())) {
            // a real org reads a segment that is not an id of this object as an external-id path (field/value)
            // missing its value, whatever the method
            throw new ApiException(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: "
                    + rawId);
        }
        switch (r.method()) {
            case "GET": {
                StoredRecord record = org.find(def, id);
                if (record == null) {
                    throw ApiException.notFound();
                }
                return ApiResponse.of(200, org.render(def, record, fieldList(def, r.params().get("fields")), r.version()));
            }
            case "PATCH":
                org.update(def, id, Json.parseObject(r.body()), r.userId());
                return ApiResponse.noContent();
            case "DELETE":
                org.delete(def, id);
                return ApiResponse.noContent();
            default:
                throw methodNotAllowed(r, "GET,HEAD,PATCH,DELETE");
        }
    }

    private static List<String> fieldList(ObjectDef def, String fields) {
        if (fields == null || fields.isBlank()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String name : fields.split(",")) {
            String trimmed = name.trim();
            FieldDef f = def.field(trimmed);
            if (f == null) {
                throw ApiException.badRequest("INVALID_FIELD", "No such column '" + trimmed + "' on entity '"
                        + def.name() + "'. If you are attempting to use a custom field, be sure to append the '__c'"
                        + " after the custom field name. Please reference your WSDL or the describe call for the"
                        + " appropriate names.");
            }
            out.add(f.name());
        }
        if (out.stream().noneMatch("Id"::equals)) {
            out.add(0, "Id");
        }
        return out;
    }

    private ApiResponse externalId(ApiRequest r, ObjectDef def, String fieldName, String value) {
        switch (r.method()) {
            case "PATCH": {
                Org.UpsertOutcome outcome = org.upsert(def, fieldName, value, Json.parseObject(r.body()), r.userId(),
                        r.version());
                Map<String, Object> body = saveResult(outcome.id());
                body.put("created", outcome.created());
                return ApiResponse.of(outcome.created() ? 201 : 200, body);
            }
            case "GET":
            case "DELETE": {
                StoredRecord match = findByExternalId(r, def, fieldName, value);
                if (r.method().equals("DELETE")) {
                    org.delete(def, match.id());
                    return ApiResponse.noContent();
                }
                return ApiResponse.of(200, org.render(def, match, fieldList(def, r.params().get("fields")), r.version()));
            }
            default:
                throw methodNotAllowed(r, "GET,HEAD,PATCH,DELETE");
        }
    }

    private StoredRecord findByExternalId(ApiRequest r, ObjectDef def, String fieldName, String value) {
        FieldDef field = def.field(fieldName);
        if (field == null || !(field.externalId() || field.idLookup())) {
            throw new ApiException(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: "
                    + fieldName);
        }
        List<StoredRecord> matches = org.read(() -> org.textCandidates(def, field.name(), value).stream()
                .filter(rec -> !rec.deleted() && rec.get(field.name()) != null
                        && rec.get(field.name()).toString().equalsIgnoreCase(value))
                .toList());
        if (matches.isEmpty()) {
            throw ApiException.notFound();
        }
        if (matches.size() > 1) {
            throw new Org.MultipleChoices(matches.stream().map(m -> Org.recordUrl(r.version(), def.name(), m.id())).toList());
        }
        return matches.get(0);
    }

    // ---------------------------------------------------------------- query and search

    private ApiResponse query(ApiRequest r, boolean all) {
        if (!r.method().equals("GET")) {
            throw methodNotAllowed(r, "GET,HEAD");
        }
        if (r.path().size() == 2) {
            // a queryAll locator is fetched under /query/ (as nextRecordsUrl says) or /queryAll/: both work
            return ApiResponse.of(200, cursors.next(r.userId(), r.version(), r.segment(1)));
        }
        if (r.path().size() > 2) {
            throw ApiException.notFound();
        }
        String soql = r.params().get("q");
        SoqlQuery query = SoqlParser.parse(soql, org.schema());
        if ("true".equalsIgnoreCase(r.params().get("columns"))) {
            // what `sf data query` asks for after the rows: the query's columns, no rows (no cursor either)
            return ApiResponse.of(200, QueryColumns.describe(query));
        }
        QueryResult result = org.runQuery(query, all, r.version());
        return ApiResponse.of(200, cursors.first(r.userId(), r.version(), result.totalSize(), result.records(),
                batchSize(r, query)));
    }

    /**
     * The batch size: {@code Sforce-Query-Options: batchSize=N} moves it between 200 and 2,000 (out-of-range values
     * are clamped, malformed options ignored, as in a real org); a query selecting two or more long text area
     * fields gets at most 200 rows a page.
     */
    static int batchSize(ApiRequest r, SoqlQuery query) {
        int batch = QueryCursors.DEFAULT_BATCH;
        String options = r.headers().get("sforce-query-options");
        if (options != null) {
            for (String part : options.split(",")) {
                String[] kv = part.trim().split("=");
                if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("batchSize")) {
                    try {
                        batch = Math.max(QueryCursors.MIN_BATCH,
                                Math.min(QueryCursors.DEFAULT_BATCH, Integer.parseInt(kv[1].trim())));
                    } catch (NumberFormatException ignored) {
                        // Salesforce ignores malformed options
                    }
                }
            }
        }
        long longText = query.fields().stream().map(SoqlQuery.FieldPath::field).filter(RestApi::longTextArea).count();
        return longText >= 2 ? Math.min(batch, QueryCursors.LONG_TEXT_BATCH) : batch;
    }

    /** A long (or rich) text area: describe type textarea longer than the 255 characters of a plain text area. */
    static boolean longTextArea(FieldDef f) {
        return f.type() == FieldType.TEXTAREA && f.length() > 255;
    }

    private Object search(ApiRequest r) {
        SoslQuery search = SoslParser.parse(r.params().get("q"), org.schema());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("searchRecords", org.runSearch(search, r.version()));
        return out;
    }
}
