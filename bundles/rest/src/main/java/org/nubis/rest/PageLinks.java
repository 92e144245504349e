package org.nubis.rest;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;

/** Adds {@code Link: <...>; rel="next"} to a page that is not the last (RFC 8288), as GitHub's API does. */
final class PageLinks implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Page<?> page && page.hasMore()) {
            var next = request.getUriInfo().getRequestUriBuilder()
                    .replaceQueryParam("offset", page.offset() + page.items().size())
                    .replaceQueryParam("limit", page.limit()).build();
            response.getHeaders().add("Link", "<" + next + ">; rel=\"next\"");
        }
    }
}
