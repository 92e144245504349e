package org.nubis.localcloud.engine;

import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.server.SshServer;

/**
 * An SshServer whose acceptor can listen on more addresses after start. One server for all sandboxes
 * costs a handful of threads; one server per sandbox would cost thousands at 500 sandboxes.
 */
final class MultiPortSshServer extends SshServer {

    IoAcceptor acceptor() {
        return acceptor;
    }
}
