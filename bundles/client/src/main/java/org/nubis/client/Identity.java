package org.nubis.client;

import org.nubis.api.auth.Role;

/**
 * Who the server takes the caller for ({@code GET /auth/whoami}).
 *
 * @param via       {@code basic} or {@code token}
 * @param accessKey the API key behind the token, or null for a password login
 */
public record Identity(String user, Role role, String via, String accessKey) {
}
