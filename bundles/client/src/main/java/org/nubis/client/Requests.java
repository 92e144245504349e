package org.nubis.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;

/**
 * Logged-in requests: adds the Authorization header, and after a 401 renews the credential once and
 * retries once. A second 401 is the answer: never a loop.
 */
final class Requests {

    private final Transport transport;
    private final Authenticator auth;

    Requests(Transport transport, Authenticator auth) {
        this.transport = transport;
        this.auth = auth;
    }

    Transport transport() {
        return transport;
    }

    Authenticator auth() {
        return auth;
    }

    ObjectMapper json() {
        return transport.json();
    }

    <T> Transport.Response<T> send(Call call, BodyHandler<T> handler) {
        String authorization = auth.authorization();
        try {
            return transport.send(call, authorization, handler);
        } catch (NubisApiException e) {
            // A revoked key stays revoked: renewing would only fail again at /auth/token.
            if (e.status() != 401 || "key_revoked".equals(e.error()) || !auth.renewAfterRejection(authorization)) {
                throw e;
            }
            return transport.send(call, auth.authorization(), handler);
        }
    }

    /** The answer's JSON (a JSON null for an empty body). */
    JsonNode tree(Call call) {
        return Json.tree(json(), send(call, BodyHandlers.ofByteArray()).body());
    }

    <T> T read(Call call, JavaType type) {
        return Json.convert(json(), tree(call), type);
    }

    <T> T read(Call call, Class<T> type) {
        return read(call, json().constructType(type));
    }

    void discard(Call call) {
        send(call, BodyHandlers.discarding());
    }
}
