package io.switchboard.emulator;

import java.util.List;

/** One Salesforce error: errorCode, message and the fields it concerns (null when not field-specific). */
public record ApiError(String errorCode, String message, List<String> fields) {

    ApiError(String errorCode, String message) {
        this(errorCode, message, null);
    }
}
