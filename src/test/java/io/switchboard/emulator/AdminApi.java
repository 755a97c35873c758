package io.switchboard.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulator's own HTTP surface under /__emulator/ (not Salesforce API, never counted as API usage):
 * POST reset, POST seed, GET export, POST faults, GET/POST limits, GET/POST settings (page sizes, search index
 * delay, whether DUPLICATE_VALUE names the other record), POST convertLead, merge and undelete (org operations the
 * REST API does not offer), GET/POST pubsub (Change Data Capture: selected entities, bus clock, keepalive).
 */
final class AdminApi {

    private final SalesforceEmulator emulator;

    AdminApi(SalesforceEmulator emulator) {
        this.emulator = emulator;
    }

    ApiResponse handle(String method, String resource, String body) {
        try {
            return switch (resource) {
                case "reset" -> post(method, () -> {
                    emulator.reset();
                    return Map.of("reset", true);
                });
                case "seed" -> post(method, () -> Map.of("ids", emulator.org().seed(tree(body))));
                case "export" -> method.equals("GET") ? ApiResponse.of(200, emulator.org().export()) : notAllowed();
                case "faults" -> post(method, () -> faults(tree(body)));
                case "limits" -> method.equals("GET") ? ApiResponse.of(200, limits())
                        : post(method, () -> setLimits(tree(body)));
                case "settings" -> method.equals("GET") ? ApiResponse.of(200, settings())
                        : post(method, () -> setSettings(tree(body)));
                case "convertLead" -> post(method, () -> convertLead(tree(body)));
                case "merge" -> post(method, () -> merge(tree(body)));
                case "undelete" -> post(method, () -> undelete(tree(body)));
                case "pubsub" -> method.equals("GET") ? ApiResponse.of(200, pubSub())
                        : post(method, () -> setPubSub(tree(body)));
                default -> ApiResponse.error(ApiException.notFound());
            };
        } catch (ApiException e) {
            return ApiResponse.error(e);
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(ApiException.badRequest("INVALID_INPUT", e.getMessage()));
        }
    }

    private interface Action {
        Object run();
    }

    private static ApiResponse post(String method, Action action) {
        return method.equals("POST") ? ApiResponse.of(200, action.run()) : notAllowed();
    }

    private static ApiResponse notAllowed() {
        return ApiResponse.error(new ApiException(405, "METHOD_NOT_ALLOWED", "method not allowed"));
    }

    private static JsonNode tree(String body) {
        try {
            return Json.MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (Exception e) {
            throw ApiException.badRequest("JSON_PARSER_ERROR", e.getMessage());
        }
    }

    private Object faults(JsonNode json) {
        Faults faults = emulator.faults();
        if (json.path("clear").asBoolean(false)) {
            faults.clear();
        }
        if (json.has("latencyMs")) {
            faults.latency(Duration.ofMillis(json.get("latencyMs").asLong()));
        }
        if (json.has("failNext")) {
            faults.failNext(json.get("failNext").path("count").asInt(1), json.get("failNext").path("errorCode").asText());
        }
        if (json.has("failRate")) {
            faults.failRate(json.get("failRate").path("rate").asDouble(), json.get("failRate").path("errorCode").asText());
        }
        if (json.path("expireSessions").asBoolean(false)) {
            faults.expireSessions();
        }
        if (json.has("changeEventGaps")) {
            faults.changeEventGaps(json.get("changeEventGaps").asInt());
        }
        if (json.has("changeEventOverflowAfter")) {
            faults.changeEventOverflowAfter(json.get("changeEventOverflowAfter").asInt());
        }
        return Map.of("applied", true, "knownErrorCodes", List.copyOf(Faults.codes()));
    }

    /** {"leadId":"00Q...","accountId":"001..." (optional)}: converts the Lead; answers the new Contact's id. */
    private Object convertLead(JsonNode json) {
        String accountId = json.hasNonNull("accountId") ? json.get("accountId").asText() : null;
        return Map.of("contactId", emulator.org().convertLead(required(json, "leadId"), accountId));
    }

    /** {"sobject":"Contact","masterId":"003...","mergedIds":["003..."]}: merges as Salesforce's merge does. */
    private Object merge(JsonNode json) {
        List<String> merged = new java.util.ArrayList<>();
        json.path("mergedIds").forEach(n -> merged.add(n.asText()));
        emulator.org().merge(required(json, "sobject"), required(json, "masterId"), merged);
        return Map.of("merged", true);
    }

    /** {"sobject":"Contact","id":"003..."}: restores a deleted record from the recycle bin. */
    private Object undelete(JsonNode json) {
        emulator.org().undelete(required(json, "sobject"), required(json, "id"));
        return Map.of("undeleted", true);
    }

    private Map<String, Object> pubSub() {
        var pubSub = emulator.pubSub();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("host", pubSub.host());
        out.put("port", pubSub.port());
        out.put("selectedEntities", List.copyOf(pubSub.selectedEntities()));
        out.put("latestReplayId", pubSub.latestReplayId());
        out.put("retainedEvents", pubSub.retainedEvents());
        out.put("openSubscriptions", pubSub.openSubscriptions());
        return out;
    }

    /** {"selectEntities":["Account","Contact","Lead"]}, {"advanceClockMs":259200000}, {"keepAliveMs":1000}. */
    private Object setPubSub(JsonNode json) {
        var pubSub = emulator.pubSub();
        if (json.has("selectEntities")) {
            List<String> entities = new java.util.ArrayList<>();
            json.get("selectEntities").forEach(n -> entities.add(n.asText()));
            pubSub.selectEntities(entities.toArray(String[]::new));
        }
        if (json.has("advanceClockMs")) {
            pubSub.advanceClock(Duration.ofMillis(json.get("advanceClockMs").asLong()));
        }
        if (json.has("keepAliveMs")) {
            pubSub.setKeepAlive(Duration.ofMillis(json.get("keepAliveMs").asLong()));
        }
        return pubSub();
    }

    private static String required(JsonNode json, String field) {
        if (!json.hasNonNull(field) || json.get(field).asText().isBlank()) {
            throw ApiException.badRequest("REQUIRED_FIELD_MISSING", "Required field is missing: " + field, field);
        }
        return json.get(field).asText();
    }

    private Map<String, Object> settings() {
        Org org = emulator.org();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pageSizes", org.pageSizes());
        out.put("searchIndexDelayMs", org.searchIndexDelay().toMillis());
        out.put("duplicateRecordVisible", org.duplicateRecordVisible());
        return out;
    }

    /** {"pageSizes":[7,3,11]} ([] for Salesforce's own), {"searchIndexDelayMs":2000}, {"duplicateRecordVisible":false}. */
    private Object setSettings(JsonNode json) {
        Org org = emulator.org();
        if (json.has("pageSizes")) {
            List<Integer> sizes = new java.util.ArrayList<>();
            json.get("pageSizes").forEach(n -> sizes.add(n.asInt()));
            org.setPageSizes(sizes);
        }
        if (json.has("searchIndexDelayMs")) {
            org.setSearchIndexDelay(Duration.ofMillis(json.get("searchIndexDelayMs").asLong()));
        }
        if (json.has("duplicateRecordVisible")) {
            org.setDuplicateRecordVisible(json.get("duplicateRecordVisible").asBoolean());
        }
        return settings();
    }

    private Map<String, Object> limits() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dailyApiLimit", emulator.dailyApiLimit());
        out.put("used", emulator.apiRequests());
        return out;
    }

    private Object setLimits(JsonNode json) {
        if (json.has("dailyApiLimit")) {
            emulator.setDailyApiLimit(json.get("dailyApiLimit").asLong());
        }
        if (json.has("used")) {
            emulator.setApiRequests(json.get("used").asLong());
        }
        return limits();
    }
}
