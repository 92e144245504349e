package org.nubis.client;

import java.time.Duration;

/**
 * An operation was still running when the caller stopped waiting for its result. The operation
 * itself goes on on the server: wait again, or cancel it.
 */
public class OperationTimeoutException extends NubisApiException {

    private static final long serialVersionUID = 1L;

    /** Error code of this exception. */
    public static final String TIMEOUT = "timeout";

    private final transient Operation operation;

    public OperationTimeoutException(Operation operation, Duration waited) {
        super(0, TIMEOUT, "still " + (operation.state() == null ? "running" : operation.state().label()) + " after "
                + waited + " (" + operation.done() + "/" + operation.total() + " done)",
                "operation " + operation.id(), null);
        this.operation = operation;
    }

    /** The operation as last seen. */
    public Operation operation() {
        return operation;
    }
}
