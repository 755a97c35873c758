package io.switchboard.emulator;

import java.util.List;

/**
 * A request that Salesforce would answer with an error status and a JSON array of errors. Thrown by {@link Org}
 * methods too, so tests can assert on the same error codes the REST API returns.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final List<ApiError> errors;

    ApiException(int status, List<ApiError> errors) {
        super(errors.isEmpty() ? "HTTP " + status : errors.get(0).errorCode() + ": " + errors.get(0).message());
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    ApiException(int status, String errorCode, String message) {
        this(status, List.of(new ApiError(errorCode, message)));
    }

    static ApiException badRequest(String errorCode, String message, String... fields) {
        return new ApiException(400, List.of(new ApiError(errorCode, message, fields.length == 0 ? null : List.of(fields))));
    }

    static ApiException notFound() {
        return new ApiException(404, "NOT_FOUND", "The requested resource does not exist");
    }

    public int status() {
        return status;
    }

    public List<ApiError> errors() {
        return errors;
    }

    public ApiError first() {
        return errors.get(0);
    }
}
