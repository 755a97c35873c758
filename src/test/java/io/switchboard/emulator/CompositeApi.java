package io.switchboard.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The composite resources: /composite (subrequests with references and allOrNone), /composite/batch,
 * /composite/tree/{Object} and the sObject Collections under /composite/sobjects. Transactions run under the
 * store's write lock with an undo log ({@link Org#atomically}); each composite call counts as one API request
 * because subrequests go straight to {@link RestApi#handle}.
 */
final class CompositeApi {

    private static final int MAX_SUBREQUESTS = 25;
    private static final int MAX_QUERIES_OR_COLLECTIONS = 5;
    private static final int MAX_COLLECTION_RECORDS = 200;
    private static final Pattern URL = Pattern.compile("^(?:/services/data/)?/?v(\\d{2,3}\\.\\d)(/[^?]*)?(?:\\?(.*))?$");
    private static final Pattern REFERENCE = Pattern.compile("@\\{([^}.\\[]+)((?:\\.[^}.\\[]+|\\[\\d+])*)}");
    private static final String ROLLED_BACK = "The transaction was rolled back since another operation in the same"
            + " transaction failed.";

    private final Org org;
    private final RestApi rest;

    CompositeApi(Org org, RestApi rest) {
        this.org = org;
        this.rest = rest;
    }

    ApiResponse handle(ApiRequest r) {
        String second = r.segment(1);
        if (second == null) {
            requirePost(r);
            return composite(r);
        }
        return switch (second) {
            case "batch" -> {
                requirePost(r);
                yield batch(r);
            }
            case "tree" -> {
                requirePost(r);
                if (r.segment(2) == null) {
                    throw ApiException.notFound();
                }
                yield tree(r, org.requireObject(r.segment(2)));
            }
            case "sobjects" -> collections(r);
            default -> throw ApiException.notFound();
        };
    }

    private static void requirePost(ApiRequest r) {
        if (!r.method().equals("POST")) {
            throw RestApi.methodNotAllowed(r, "POST");
        }
    }

    private static JsonNode body(ApiRequest r) {
        try {
            return Json.MAPPER.readTree(r.body() == null || r.body().isBlank() ? "{}" : r.body());
        } catch (Exception e) {
            throw ApiException.badRequest("JSON_PARSER_ERROR", e.getMessage());
        }
    }

    /** A subrequest URL as a request through the REST router, run as the calling user. */
    private ApiRequest subrequest(ApiRequest outer, String method, String url, String body) {
        // Salesforce documents 16,384 bytes for a request URI, not for a subrequest's URL; the emulator applies the
        // same limit to both, so a client that passes here passes either way.
        if (url.length() > SalesforceEmulator.MAX_URI_LENGTH) {
            throw new ApiException(414, "URI_TOO_LONG", "The subrequest URL is " + url.length()
                    + " characters long; the limit is " + SalesforceEmulator.MAX_URI_LENGTH + ".");
        }
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw ApiException.badRequest("INVALID_URL", "The URL " + url + " is not a valid REST API URL.");
        }
        List<String> path = new ArrayList<>();
        if (m.group(2) != null) {
            for (String s : m.group(2).split("/")) {
                if (!s.isEmpty()) {
                    path.add(java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        }
        if (!path.isEmpty() && path.get(0).equals("composite") && path.size() == 1) {
            throw ApiException.badRequest("INVALID_URL", "A composite request cannot contain another composite request.");
        }
        return new ApiRequest(method, m.group(1), path, SalesforceEmulator.params(m.group(3)), body, outer.headers(),
                outer.userId());
    }

    private static boolean queryOrCollection(String url) {
        return url.contains("/query") || url.contains("/queryAll") || url.contains("/composite/sobjects");
    }

    // ---------------------------------------------------------------- /composite

    private ApiResponse composite(ApiRequest r) {
        JsonNode request = body(r);
        JsonNode subrequests = request.path("compositeRequest");
        if (!subrequests.isArray() || subrequests.isEmpty()) {
            throw ApiException.badRequest("JSON_PARSER_ERROR", "compositeRequest must be a non-empty array");
        }
        if (subrequests.size() > MAX_SUBREQUESTS) {
            throw ApiException.badRequest("LIMIT_EXCEEDED", "Composite request size exceeds the limit of "
                    + MAX_SUBREQUESTS + " subrequests");
        }
        int heavy = 0;
        for (JsonNode sub : subrequests) {
            heavy += queryOrCollection(sub.path("url").asText()) ? 1 : 0;
        }
        if (heavy > MAX_QUERIES_OR_COLLECTIONS) {
            throw ApiException.badRequest("LIMIT_EXCEEDED", "Composite request cannot contain more than "
                    + MAX_QUERIES_OR_COLLECTIONS + " query or sObject Collections subrequests");
        }
        boolean allOrNone = request.path("allOrNone").asBoolean(false);
        List<Map<String, Object>> results = org.atomically(() -> {
            int savepoint = org.savepoint();
            List<Map<String, Object>> out = new ArrayList<>();
            List<Boolean> succeeded = new ArrayList<>();
            Map<String, JsonNode> references = new LinkedHashMap<>();
            boolean failed = false;
            for (JsonNode sub : subrequests) {
                String referenceId = sub.path("referenceId").asText();
                if (failed && allOrNone) {
                    out.add(result(400, halted(ROLLED_BACK), Map.of(), referenceId));
                    succeeded.add(false);
                    continue;
                }
                ApiResponse response;
                try {
                    String url = resolve(sub.path("url").asText(), references);
                    JsonNode body = sub.has("body") ? resolve(sub.get("body"), references) : null;
                    response = rest.handle(subrequest(r, sub.path("method").asText("GET"), url,
                            body == null ? null : Json.write(body)));
                } catch (ApiException e) {
                    response = ApiResponse.error(e);
                }
                boolean ok = response.status() < 300;
                failed |= !ok;
                succeeded.add(ok);
                if (ok && response.body() != null) {
                    references.put(referenceId, Json.MAPPER.valueToTree(response.body()));
                }
                out.add(result(response.status(), response.body(), locationHeader(response, sub), referenceId));
            }
            if (allOrNone && failed) {
                org.rollbackTo(savepoint);
                for (int i = 0; i < out.size(); i++) {
                    if (succeeded.get(i)) {
                        out.set(i, result(400, halted(ROLLED_BACK), Map.of(), (String) out.get(i).get("referenceId")));
                    }
                }
            }
            return out;
        });
        return ApiResponse.of(200, Map.of("compositeResponse", results));
    }

    private static Map<String, String> locationHeader(ApiResponse response, JsonNode sub) {
        if (response.status() == 201 && response.body() instanceof Map<?, ?> body && body.get("id") != null) {
            String url = sub.path("url").asText().replaceAll("/+$", "");
            return Map.of("Location", url + "/" + body.get("id"));
        }
        return Map.of();
    }

    /** The four keys Camel's SObjectCompositeResult accepts, and no others. */
    private static Map<String, Object> result(int status, Object body, Map<String, String> headers, String referenceId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("body", body);
        m.put("httpHeaders", headers);
        m.put("httpStatusCode", status);
        m.put("referenceId", referenceId);
        return m;
    }

    private static List<Map<String, Object>> halted(String message) {
        return ApiResponse.errorBody(List.of(new ApiError("PROCESSING_HALTED", message)));
    }

    private static String resolve(String text, Map<String, JsonNode> references) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(lookup(m, references).asText()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static JsonNode resolve(JsonNode node, Map<String, JsonNode> references) {
        if (node.isTextual()) {
            Matcher whole = REFERENCE.matcher(node.asText());
            if (whole.matches()) {
                return lookup(whole, references);
            }
            return new TextNode(resolve(node.asText(), references));
        }
        if (node.isObject()) {
            ObjectNode copy = Json.MAPPER.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), resolve(e.getValue(), references)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            node.forEach(n -> copy.add(resolve(n, references)));
            return copy;
        }
        return node;
    }

    /** Follows {@code @{ref.records[0].Id}} into an earlier subrequest's response body. */
    private static JsonNode lookup(Matcher m, Map<String, JsonNode> references) {
        JsonNode node = references.get(m.group(1));
        Matcher step = Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)]").matcher(m.group(2));
        while (node != null && step.find()) {
            node = step.group(1) != null ? node.get(step.group(1)) : node.get(Integer.parseInt(step.group(2)));
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new ApiException(400, "PROCESSING_HALTED", "Invalid reference specified. No value for "
                    + m.group(1) + m.group(2) + " found in " + m.group(1)
                    + ". Provided referenceId ('" + m.group(1) + "') must be a previous subrequest that succeeded.");
        }
        return node;
    }

    // ---------------------------------------------------------------- /composite/batch

    private ApiResponse batch(ApiRequest r) {
        JsonNode request = body(r);
        JsonNode subrequests = request.path("batchRequests");
        if (!subrequests.isArray() || subrequests.size() > MAX_SUBREQUESTS) {
            throw ApiException.badRequest("LIMIT_EXCEEDED", "A batch can contain up to " + MAX_SUBREQUESTS + " subrequests");
        }
        boolean haltOnError = request.path("haltOnError").asBoolean(false);
        List<Map<String, Object>> results = new ArrayList<>();
        boolean hasErrors = false;
        for (JsonNode sub : subrequests) {
            Map<String, Object> result = new LinkedHashMap<>();
            if (hasErrors && haltOnError) {
                result.put("result", ApiResponse.errorBody(List.of(new ApiError("BATCH_PROCESSING_HALTED",
                        "Batch processing halted per request"))));
                result.put("statusCode", 412);
                results.add(result);
                continue;
            }
            ApiResponse response;
            try {
                String body = sub.has("richInput") ? Json.write(sub.get("richInput")) : null;
                response = rest.handle(subrequest(r, sub.path("method").asText("GET"), sub.path("url").asText(), body));
            } catch (ApiException e) {
                response = ApiResponse.error(e);
            }
            hasErrors |= response.status() >= 400;
            result.put("result", response.body());
            result.put("statusCode", response.status());
            results.add(result);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hasErrors", hasErrors);
        out.put("results", results);
        return ApiResponse.of(200, out);
    }

    // ---------------------------------------------------------------- /composite/tree/{Object}

    private ApiResponse tree(ApiRequest r, ObjectDef root) {
        JsonNode records = body(r).path("records");
        if (!records.isArray() || records.isEmpty()) {
            throw ApiException.badRequest("JSON_PARSER_ERROR", "records must be a non-empty array");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        int[] count = {0};
        org.atomically(() -> {
            int savepoint = org.savepoint();
            for (JsonNode record : records) {
                createTree(r, root, record, null, null, results, errors, count);
            }
            if (count[0] > MAX_COLLECTION_RECORDS) {
                throw ApiException.badRequest("LIMIT_EXCEEDED", "A tree request can contain up to "
                        + MAX_COLLECTION_RECORDS + " records");
            }
            if (!errors.isEmpty()) {
                org.rollbackTo(savepoint);
            }
            return null;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hasErrors", !errors.isEmpty());
        out.put("results", errors.isEmpty() ? results : errors);
        return ApiResponse.of(errors.isEmpty() ? 201 : 400, out);
    }

    private void createTree(ApiRequest r, ObjectDef def, JsonNode record, FieldDef parentField, String parentId,
                            List<Map<String, Object>> results, List<Map<String, Object>> errors, int[] count) {
        count[0]++;
        String referenceId = record.path("attributes").path("referenceId").asText(null);
        Map<String, Object> fields = new LinkedHashMap<>();
        Map<String, JsonNode> children = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("attributes")) {
                continue;
            }
            if (e.getValue().isObject() && e.getValue().has("records")) {
                children.put(e.getKey(), e.getValue().get("records"));
            } else {
                fields.put(e.getKey(), Json.MAPPER.convertValue(e.getValue(), Object.class));
            }
        }
        if (parentField != null) {
            fields.put(parentField.name(), parentId);
        }
        String id;
        try {
            id = org.create(def, fields, r.userId(), false);
        } catch (ApiException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("referenceId", referenceId);
            error.put("errors", ApiResponse.collectionErrors(e.errors()));
            errors.add(error);
            return;
        }
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("referenceId", referenceId);
        ok.put("id", id);
        results.add(ok);
        children.forEach((relationship, childRecords) -> {
            ObjectDef child = null;
            FieldDef link = null;
            for (ObjectDef candidate : org.schema().objects()) {
                if (Describer.childRelationshipName(candidate).equalsIgnoreCase(relationship)) {
                    for (FieldDef f : candidate.fields()) {
                        if (f.type() == FieldType.REFERENCE && f.createable() && f.referenceTo().contains(def.name())) {
                            child = candidate;
                            link = f;
                            break;
                        }
                    }
                }
            }
            if (child == null) {
                throw ApiException.badRequest("INVALID_FIELD", "No such column '" + relationship + "' on sobject of type "
                        + def.name());
            }
            for (JsonNode childRecord : childRecords) {
                createTree(r, child, childRecord, link, id, results, errors, count);
            }
        });
    }

    // ---------------------------------------------------------------- /composite/sobjects

    private ApiResponse collections(ApiRequest r) {
        String objectName = r.segment(2);
        String externalField = r.segment(3);
        if (objectName != null && externalField == null && (r.method().equals("GET") || r.method().equals("POST"))) {
            return retrieve(r, org.requireObject(objectName));
        }
        return switch (r.method()) {
            case "POST" -> save(r, "create", null, null);
            case "PATCH" -> objectName == null ? save(r, "update", null, null)
                    : save(r, "upsert", org.requireObject(objectName), externalField);
            case "DELETE" -> delete(r);
            default -> throw RestApi.methodNotAllowed(r, "GET,POST,PATCH,DELETE");
        };
    }

    private ApiResponse retrieve(ApiRequest r, ObjectDef def) {
        List<String> ids = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        if (r.method().equals("GET")) {
            ids.addAll(List.of(r.params().getOrDefault("ids", "").split(",")));
            fields.addAll(List.of(r.params().getOrDefault("fields", "Id").split(",")));
        } else {
            JsonNode body = body(r);
            body.path("ids").forEach(n -> ids.add(n.asText()));
            body.path("fields").forEach(n -> fields.add(n.asText()));
        }
        ids.removeIf(String::isBlank);
        if (ids.isEmpty() || ids.size() > 2000 || fields.isEmpty()) {
            throw ApiException.badRequest("INVALID_FIELD", "ids and fields are required");
        }
        List<String> canonical = new ArrayList<>();
        for (String f : fields) {
            FieldDef field = def.field(f.trim());
            if (field == null) {
                throw ApiException.badRequest("INVALID_FIELD", "No such column '" + f.trim() + "' on entity '"
                        + def.name() + "'.");
            }
            canonical.add(field.name());
        }
        List<Object> out = new ArrayList<>();
        for (String raw : ids) {
            String id = SalesforceIds.normalize(raw.trim());
            StoredRecord record = id == null ? null : org.find(def, id);
            out.add(record == null ? null : org.render(def, record, canonical, r.version()));
        }
        return ApiResponse.of(200, out);
    }

    private ApiResponse save(ApiRequest r, String operation, ObjectDef upsertObject, String externalField) {
        JsonNode body = body(r);
        JsonNode records = body.path("records");
        if (!records.isArray() || records.isEmpty()) {
            throw ApiException.badRequest("INVALID_FIELD", "records must be a non-empty array");
        }
        if (records.size() > MAX_COLLECTION_RECORDS) {
            throw ApiException.badRequest("EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than "
                    + MAX_COLLECTION_RECORDS + " records into this call");
        }
        boolean allOrNone = body.path("allOrNone").asBoolean(false);
        // Salesforce's DML refuses a list naming one record twice ("Duplicate id in list"); the emulator fails those
        // records (the REST status code is not documented: INVALID_ID_FIELD is this emulator's choice)
        java.util.Set<String> duplicated = new java.util.HashSet<>();
        if (operation.equals("update")) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (JsonNode record : records) {
                String given = idOf(record);
                String key = given.length() >= 15 ? given.substring(0, 15) : given;
                if (!key.isEmpty() && !seen.add(key)) {
                    duplicated.add(key);
                }
            }
        }
        List<Map<String, Object>> results = org.atomically(() -> {
            int savepoint = org.savepoint();
            List<Map<String, Object>> out = new ArrayList<>();
            boolean failed = false;
            for (JsonNode record : records) {
                Map<String, Object> fields = Json.MAPPER.convertValue(record, Json.MAP_TYPE);
                String id = null;
                Boolean created = null;
                try {
                    String given = idOf(record);
                    if (!duplicated.isEmpty() && duplicated.contains(given.length() >= 15 ? given.substring(0, 15) : given)) {
                        throw ApiException.badRequest("INVALID_ID_FIELD", "Duplicate id in list: " + given, "Id");
                    }
                    String type = record.path("attributes").path("type").asText(null);
                    if (type == null && upsertObject == null) {
                        throw ApiException.badRequest("INVALID_TYPE", "The type must be specified in the attributes"
                                + " of each record");
                    }
                    ObjectDef def = upsertObject != null ? upsertObject : org.schema().object(type);
                    if (def == null) {
                        throw ApiException.badRequest("INVALID_TYPE", "sObject type '" + type + "' is not supported.");
                    }
                    switch (operation) {
                        case "create" -> id = org.create(def, fields, r.userId(), false);
                        case "update" -> {
                            Object rawId = removeIgnoringCase(fields, "Id");
                            if (rawId == null) {
                                throw ApiException.badRequest("MISSING_ARGUMENT", "Id not specified in an update call", "Id");
                            }
                            id = org.requireIdOf(def, rawId.toString());
                            org.update(def, id, fields, r.userId());
                        }
                        default -> {
                            FieldDef key = def.field(externalField);
                            Object value = key == null ? null : removeIgnoringCase(fields, key.name());
                            if (value == null) {
                                throw ApiException.badRequest("MISSING_ARGUMENT", externalField + " not specified", externalField);
                            }
                            fields.remove("attributes");
                            Org.UpsertOutcome outcome = org.upsert(def, externalField, value.toString(), fields,
                                    r.userId(), r.version());
                            id = outcome.id();
                            created = outcome.created();
                        }
                    }
                    out.add(saveResult(id, true, List.of(), created, operation));
                } catch (ApiException e) {
                    failed = true;
                    out.add(saveResult(id, false, ApiResponse.collectionErrors(e.errors()), created, operation));
                } catch (Org.MultipleChoices e) {
                    failed = true;
                    out.add(saveResult(id, false, ApiResponse.collectionErrors(List.of(new ApiError("DUPLICATE_EXTERNAL_ID",
                            externalField + ": more than one record found for external id field: " + e.urls()))), created,
                            operation));
                }
            }
            if (allOrNone && failed) {
                org.rollbackTo(savepoint);
                for (int i = 0; i < out.size(); i++) {
                    if (Boolean.TRUE.equals(out.get(i).get("success"))) {
                        out.set(i, saveResult(operation.equals("create") ? null : (String) out.get(i).get("id"), false,
                                rolledBack(), operation.equals("upsert") ? false : null, operation));
                    }
                }
            }
            return out;
        });
        return ApiResponse.of(200, results);
    }

    /** The record's Id whatever the key's case: field names are case-insensitive (jsforce sends "id"). */
    private static String idOf(JsonNode record) {
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase("Id") && !e.getValue().isNull()) {
                return e.getValue().asText("");
            }
        }
        return "";
    }

    private static Object removeIgnoringCase(Map<String, Object> fields, String name) {
        for (Iterator<String> it = fields.keySet().iterator(); it.hasNext(); ) {
            String key = it.next();
            if (key.equalsIgnoreCase(name)) {
                Object value = fields.get(key);
                it.remove();
                return value;
            }
        }
        return null;
    }

    private static List<Map<String, Object>> rolledBack() {
        return ApiResponse.collectionErrors(List.of(new ApiError("ALL_OR_NONE_OPERATION_ROLLED_BACK",
                "Record rolled back because not all records were valid and the request was using AllOrNone header",
                List.of())));
    }

    private static Map<String, Object> saveResult(String id, boolean success, List<Map<String, Object>> errors,
                                                  Boolean created, String operation) {
        Map<String, Object> m = new LinkedHashMap<>();
        // as documented, an item that failed without a record to name has no id key at all (not "id": null)
        if (id != null) {
            m.put("id", id);
        }
        m.put("success", success);
        m.put("errors", errors);
        if (operation.equals("upsert")) {
            m.put("created", created != null && created);
        }
        return m;
    }

    private ApiResponse delete(ApiRequest r) {
        String idsParam = r.params().get("ids");
        if (idsParam == null || idsParam.isBlank()) {
            throw ApiException.badRequest("MISSING_ARGUMENT", "ids parameter is required");
        }
        List<String> ids = List.of(idsParam.split(","));
        if (ids.size() > MAX_COLLECTION_RECORDS) {
            throw ApiException.badRequest("EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than "
                    + MAX_COLLECTION_RECORDS + " records into this call");
        }
        boolean allOrNone = Boolean.parseBoolean(r.params().getOrDefault("allOrNone", "false"));
        List<Map<String, Object>> results = org.atomically(() -> {
            int savepoint = org.savepoint();
            List<Map<String, Object>> out = new ArrayList<>();
            boolean failed = false;
            for (String raw : ids) {
                String id = SalesforceIds.normalize(raw.trim());
                try {
                    StoredRecord record = id == null ? null : org.findAny(id);
                    if (record == null) {
                        throw ApiException.badRequest("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id");
                    }
                    if (record.deleted()) {
                        throw ApiException.badRequest("ENTITY_IS_DELETED", "entity is deleted");
                    }
                    org.delete(org.schema().object(record.objectName()), id);
                    out.add(saveResult(id, true, List.of(), null, "delete"));
                } catch (ApiException e) {
                    failed = true;
                    out.add(saveResult(id, false, ApiResponse.collectionErrors(e.errors()), null, "delete"));
                }
            }
            if (allOrNone && failed) {
                org.rollbackTo(savepoint);
                for (int i = 0; i < out.size(); i++) {
                    if (Boolean.TRUE.equals(out.get(i).get("success"))) {
                        out.set(i, saveResult((String) out.get(i).get("id"), false, rolledBack(), null, "delete"));
                    }
                }
            }
            return out;
        });
        return ApiResponse.of(200, results);
    }
}
