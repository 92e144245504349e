package org.nubis.localcloud.nativeapi;

/** An error answer: HTTP status, a code from API.md, and one line saying what to fix. */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    ApiError(int status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    static ApiError invalid(String detail) {
        return new ApiError(400, "invalid_request", detail);
    }

    static ApiError notFound(String detail) {
        return new ApiError(404, "not_found", detail);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
