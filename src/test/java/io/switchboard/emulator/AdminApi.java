package io.switchboard.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulator's own HTTP surface under /__emulator/ (not Salesforce API, never counted as API usage):
 * POST reset, POST seed, GET export, POST faults, GET/POST limits, GET/POST settings (page sizes, search index
 * delay, whether DUPLICATE_VALUE names the other record).
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
        return Map.of("applied", true, "knownErrorCodes", List.copyOf(Faults.codes()));
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
