package io.switchboard.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.Map;

/** The emulator's one JSON mapper: big decimals for numbers so that 12.50 reaches validation as sent. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final TypeReference<Map<String, Object>> MAP_TYPE = new TypeReference<>() {
    };

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a request body into a JSON object, answering malformed JSON as Salesforce does. */
    static Map<String, Object> parseObject(String body) {
        try {
            Object value = MAPPER.readValue(body, Object.class);
            if (value instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> cast = (Map<String, Object>) map;
                return cast;
            }
            throw ApiException.badRequest("JSON_PARSER_ERROR", "Cannot deserialize instance of SObject from "
                    + (value == null ? "VALUE_NULL" : value instanceof java.util.List ? "START_ARRAY" : "VALUE_STRING")
                    + " value at [line:1, column:1]");
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            long column = e.getLocation() == null ? 1 : e.getLocation().getColumnNr();
            throw ApiException.badRequest("JSON_PARSER_ERROR", e.getOriginalMessage() + " at [line:" + line
                    + ", column:" + column + "]");
        }
    }

    static Object parseAny(String body) {
        try {
            return MAPPER.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("JSON_PARSER_ERROR", e.getOriginalMessage());
        }
    }
}
