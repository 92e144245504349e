package org.nubis.client;

/**
 * An operation ended {@code failed} or {@code cancelled} while the caller waited for its result.
 * {@link #error()} and {@link #detail()} are the operation's own error (e.g. {@code command_failed});
 * {@link #status()} is 0 because the HTTP requests themselves succeeded.
 */
public class OperationFailedException extends NubisApiException {

    private static final long serialVersionUID = 1L;

    private final transient Operation operation;

    public OperationFailedException(Operation operation) {
        super(0, code(operation), detail(operation), "operation " + operation.id() + " (" + operation.kind() + " "
                + operation.target() + ")", null);
        this.operation = operation;
    }

    /** The operation as it ended. */
    public Operation operation() {
        return operation;
    }

    private static String code(Operation op) {
        if (op.error() != null && op.error().error() != null) {
            return op.error().error();
        }
        return op.state() == OperationState.CANCELLED ? "cancelled" : "failed";
    }

    private static String detail(Operation op) {
        return op.error() == null ? null : op.error().detail();
    }
}
