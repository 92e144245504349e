package org.nubis.api.auth;

/**
 * Who made a request.
 *
 * @param accessKey the API key a bearer token came from, or null for a password login
 */
public record Caller(String user, Role role, String accessKey) {
}
