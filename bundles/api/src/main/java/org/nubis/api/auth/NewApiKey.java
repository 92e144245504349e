package org.nubis.api.auth;

/** A key just created, with its secret: the only time the secret is seen. */
public record NewApiKey(ApiKey key, String secret) {

    @Override
    public String toString() {
        return "NewApiKey[" + key + ", secret=***]";
    }
}
