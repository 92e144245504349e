package org.nubis.rest;

import java.net.URI;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;

/** The 202 answer to a request that started an operation: where to follow it, and its state now. */
final class Accepted {

    private Accepted() {
    }

    static Response of(OperationRecord op, UriInfo uri) {
        URI location = uri.getBaseUriBuilder().path("operations").path(op.id()).build();
        return Response.accepted(op.view()).location(location).build();
    }
}
