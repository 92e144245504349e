package org.nubis.client;

/** How requests log in. Implementations are thread-safe and never show a secret in toString. */
interface Authenticator {

    /** The Authorization header's value for the next request, or null to send none. */
    String authorization();

    /**
     * A request sent with {@code rejected} got 401. Returns true when a new credential is now
     * available and worth one more try; false when retrying cannot help (a password is a password).
     */
    boolean renewAfterRejection(String rejected);

    /** No login: only {@code POST /auth/token} and {@code GET /openapi.json} answer. */
    Authenticator NONE = new Authenticator() {
        @Override
        public String authorization() {
            return null;
        }

        @Override
        public boolean renewAfterRejection(String rejected) {
            return false;
        }

        @Override
        public String toString() {
            return "anonymous";
        }
    };
}
