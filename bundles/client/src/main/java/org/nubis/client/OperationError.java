package org.nubis.client;

/** Why an operation failed: the same {@code {"error", "detail"}} shape as a failed request. */
public record OperationError(String error, String detail) {
}
