package org.nubis.client;

import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One request to send, possibly several times: the body is a supplier so that a retry gets a fresh
 * publisher (a file is read again).
 *
 * @param target      path and query under the base URI, e.g. {@code /experiments?offset=0}
 * @param body        the body for each attempt, or null for none
 * @param contentType the body's type, or null
 * @param accept      the answer wanted, e.g. {@code application/json}
 * @param timeout     how long to wait for the answer's headers, or null for the client's default
 */
record Call(String method, String target, Supplier<BodyPublisher> body, String contentType, String accept,
            Duration timeout) {

    static final String JSON = "application/json";
    static final String OCTETS = "application/octet-stream";

    static Call get(String target) {
        return new Call("GET", target, null, null, JSON, null);
    }

    static Call delete(String target) {
        return new Call("DELETE", target, null, null, JSON, null);
    }

    static Call json(String method, String target, byte[] json) {
        return new Call(method, target, json == null ? null : () -> BodyPublishers.ofByteArray(json), JSON, JSON, null);
    }

    Call accept(String type) {
        return new Call(method, target, body, contentType, type, timeout);
    }

    Call timeout(Duration newTimeout) {
        return new Call(method, target, body, contentType, accept, newTimeout);
    }

    /**
     * Whether sending it twice does no more than sending it once, so that a request whose answer
     * was lost (reset, refused, timed out) may be sent again. POSTs start work; they are not.
     */
    boolean idempotent() {
        return method.equals("GET") || method.equals("PUT") || method.equals("DELETE") || method.equals("HEAD");
    }

    /** {@code GET /experiments/demo}, for messages: the path without its query. */
    String describe() {
        int q = target.indexOf('?');
        return method + " " + (q < 0 ? target : target.substring(0, q));
    }
}
