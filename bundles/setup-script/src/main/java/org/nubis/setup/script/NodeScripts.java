package org.nubis.setup.script;

import java.nio.file.Path;
import java.util.List;
import org.nubis.api.ssh.SshTarget;

/**
 * One node's part of a script setup: where it is reached, and the scripts it runs (its kind's setup
 * scripts, or its refresh scripts), in order.
 */
record NodeScripts(String id, SshTarget target, List<Path> scripts) {
}
