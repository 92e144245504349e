package org.nubis.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.ext.ReaderInterceptor;
import javax.ws.rs.ext.ReaderInterceptorContext;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NubisException;

/**
 * A request body that cannot be read to its end (a malformed chunked encoding, a connection cut
 * mid-body) is the caller's error, a 400: the servlet container reports it as an I/O or runtime
 * exception from the body's stream, which would otherwise be a 500.
 */
final class UnreadableBodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        try {
            return context.proceed();
        } catch (JsonProcessingException | WebApplicationException | NubisException e) {
            throw e; // already says what is wrong with the body
        } catch (IOException | RuntimeException e) {
            throw unreadable();
        }
    }

    /** The error for a body that could not be read to its end. */
    static InvalidRequestException unreadable() {
        return new InvalidRequestException("the request body could not be read to its end: it was cut off, or its "
                + "chunked encoding is malformed; send it again whole");
    }
}
