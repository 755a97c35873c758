package io.switchboard.emulator;

import java.util.List;
import java.util.Map;

/** A REST response: status, a JSON-able body (null for no content) and extra headers. */
record ApiResponse(int status, Object body, Map<String, String> headers) {

    static ApiResponse of(int status, Object body) {
        return new ApiResponse(status, body, Map.of());
    }

    static ApiResponse noContent() {
        return new ApiResponse(204, null, Map.of());
    }

    static ApiResponse error(ApiException e) {
        return of(e.status(), errorBody(e.errors()));
    }

    /** Salesforce's REST error array: message, errorCode, and fields when the error concerns fields. */
    static List<Map<String, Object>> errorBody(List<ApiError> errors) {
        return errors.stream().map(e -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("message", e.message());
            m.put("errorCode", e.errorCode());
            if (e.fields() != null) {
                m.put("fields", e.fields());
            }
            return m;
        }).toList();
    }

    /** The error shape inside sObject Collections and tree results: statusCode instead of errorCode. */
    static List<Map<String, Object>> collectionErrors(List<ApiError> errors) {
        return errors.stream().map(e -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("statusCode", e.errorCode());
            m.put("message", e.message());
            m.put("fields", e.fields() == null ? List.of() : e.fields());
            return m;
        }).toList();
    }
}
