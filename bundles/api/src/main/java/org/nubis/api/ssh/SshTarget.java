package org.nubis.api.ssh;

/**
 * One host to reach over SSH.
 *
 * @param id   a stable identity (the Nubis instance id): host keys are pinned per id, so an
 *             address that is reused by another instance is not confused with this one
 * @param host address
 * @param port SSH port
 * @param user login user
 */
public record SshTarget(String id, String host, int port, String user) {
    @Override
    public String toString() {
        return id + " (" + user + "@" + host + ":" + port + ")";
    }
}
