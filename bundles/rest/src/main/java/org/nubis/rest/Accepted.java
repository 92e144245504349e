package org.nubis.rest;

import java.net.URI;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import org.nubis.api.InvalidRequestException;

/** The 202 answer to a request that started an operation: where to follow it, and its state now. */
final class Accepted {

    private Accepted() {
    }

    static Response of(OperationRecord op, UriInfo uri) {
        return Response.accepted(op.view()).location(location(op, uri)).build();
    }

    /**
     * A {@code ?wait=SECONDS} of a request that starts an operation, checked as {@code GET
     * /operations/{id}?wait} checks it (0 to 60); null is 0.
     */
    static long waitMillis(Integer wait) {
        if (wait == null) {
            return 0;
        }
        if (wait < 0 || wait > OperationsResource.MAX_WAIT_SECONDS) {
            throw new InvalidRequestException("wait is 0 to " + OperationsResource.MAX_WAIT_SECONDS + " seconds, not " + wait);
        }
        return wait * 1000L;
    }

    /**
     * The operation as it ended (200, with where it is kept) if it ends within {@code waitMillis}:
     * a short call costs one request instead of two. Otherwise the usual 202.
     */
    static Response orFinished(OperationRecord op, long waitMillis, UriInfo uri) throws InterruptedException {
        if (waitMillis > 0) {
            op.await(waitMillis);
            Operation view = op.view();
            if (view.finished()) {
                return Response.ok(view).location(location(op, uri)).build();
            }
        }
        return of(op, uri);
    }

    private static URI location(OperationRecord op, UriInfo uri) {
        return uri.getBaseUriBuilder().path("operations").path(op.id()).build();
    }
}
