package org.nubis.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP Basic with a Karaf user: the same header on every request, nothing to renew. */
final class BasicCredentials implements Authenticator {

    private final String user;
    private final String header;

    BasicCredentials(String user, String password) {
        if (user == null || user.isEmpty() || password == null) {
            throw new IllegalArgumentException("basic login needs a user and a password");
        }
        this.user = user;
        this.header = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String authorization() {
        return header;
    }

    @Override
    public boolean renewAfterRejection(String rejected) {
        return false;
    }

    @Override
    public String toString() {
        return "basic " + user;
    }
}
