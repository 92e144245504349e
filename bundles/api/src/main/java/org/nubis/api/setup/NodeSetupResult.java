package org.nubis.api.setup;

import java.time.Duration;

/**
 * What the setup did on one node.
 *
 * @param message why it failed (one line, e.g. the failing script and its exit status), or null
 * @param log     the output of the setup steps on this node, for people reading what happened
 */
public record NodeSetupResult(String nodeId, boolean ok, String message, Duration duration, String log) {
}
