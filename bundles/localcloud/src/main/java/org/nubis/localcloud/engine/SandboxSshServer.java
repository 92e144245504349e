package org.nubis.localcloud.engine;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.file.AccessDeniedException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.SessionContext;
import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.scp.server.ScpCommandFactory;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSH face of all sandboxes: one MINA server listening on every sandbox's port on 127.0.0.1. Each
 * session belongs to the sandbox whose port it came in on; that decides the host key, the accepted
 * public keys, where commands run and what SFTP/SCP may touch.
 */
final class SandboxSshServer implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxSshServer.class);
    static final InetAddress LOOPBACK = loopback();

    private final MultiPortSshServer server;
    private final Map<Integer, Sandbox> byPort = new ConcurrentHashMap<>();
    private final ExecutorService io;
    private final ConnectionCuts cuts;
    private final PortRange ports;
    private int nextInRange;

    /**
     * @param cutAfterMs the sshCutAfterMs knob as it is now: when above 0, every channel's connection
     *                   is cut that long after the channel opens
     */
    SandboxSshServer(PortRange ports, LongSupplier cutAfterMs) {
        this.ports = ports;
        this.nextInRange = ports.first();
        // Unbounded on purpose: each live command stream blocks one thread in a read, so a bound
        // would stall commands behind others that wait for input. The cloud's instance limit bounds
        // the sessions, and idle threads go after a minute.
        this.io = Executors.newCachedThreadPool(daemonThreads("sandbox-io"));
        this.server = (MultiPortSshServer) ServerBuilder.builder().factory(MultiPortSshServer::new).build();
        server.setHost(LOOPBACK.getHostAddress());
        server.setPort(0);
        server.setKeyPairProvider(new HostKeys());
        server.setPublickeyAuthenticator((user, key, session) -> {
            Sandbox sandbox = sandboxOf(session);
            return sandbox != null && sandbox.authorizedKeys().accepts(key);
        });
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        // Session channels that send a command's exit status before their EOF (see SandboxChannelSession);
        // the other channel types stay MINA's.
        server.setChannelFactories(server.getChannelFactories().stream()
                .map(factory -> factory.getName().equals(SandboxChannelSession.FACTORY.getName())
                        ? SandboxChannelSession.FACTORY : factory)
                .toList());
        SandboxCommands commands = new SandboxCommands(this, io);
        server.setShellFactory(commands);
        server.setCommandFactory(new ScpCommandFactory.Builder()
                .withDelegate(commands)
                .withFileOpener(new ConfinedScpFileOpener(this))
                .build());
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder()
                .withFileSystemAccessor(new ConfinedSftpAccessor(this))
                .build()));
        this.cuts = new ConnectionCuts(cutAfterMs);
        server.addChannelListener(cuts);
        // Like OpenSSH's sshd: no idle timeout (long quiet commands and pooled sessions must survive).
        CoreModuleProperties.IDLE_TIMEOUT.set(server, Duration.ZERO);
        CoreModuleProperties.TCP_NODELAY.set(server, true);
    }

    void start() throws IOException {
        server.start();
        // start() insists on listening somewhere; sandboxes bring their own ports, so drop that one.
        IoAcceptor acceptor = server.acceptor();
        acceptor.unbind(acceptor.getBoundAddresses());
    }

    /**
     * Starts listening for a sandbox, on the preferred port if it is free (a restarted instance keeps its
     * port when it can), else on a new one.
     *
     * @return the port
     */
    synchronized int listen(Sandbox sandbox, int preferredPort) throws IOException {
        IoAcceptor acceptor = server.acceptor();
        if (preferredPort > 0 && ports.contains(preferredPort) && !byPort.containsKey(preferredPort)
                && isFree(preferredPort)) {
            try {
                acceptor.bind(new InetSocketAddress(LOOPBACK, preferredPort));
                byPort.put(preferredPort, sandbox);
                return preferredPort;
            } catch (IOException e) {
                LOG.debug("port {} is taken; {} gets another", preferredPort, sandbox.id());
            }
        }
        int port = ports.isEphemeral() ? bindEphemeral(acceptor) : bindFromRange(acceptor);
        byPort.put(port, sandbox);
        return port;
    }

    /** Stops listening on the sandbox's port and closes the sessions that came in on it. */
    void stopListening(Sandbox sandbox, int port) {
        if (port <= 0 || byPort.get(port) != sandbox) {
            return;
        }
        server.acceptor().unbind(new InetSocketAddress(LOOPBACK, port));
        byPort.remove(port, sandbox);
        for (AbstractSession session : server.getActiveSessions()) {
            if (portOf(session) == port) {
                session.close(true);
            }
        }
    }

    boolean isListening(Sandbox sandbox, int port) {
        return port > 0 && byPort.get(port) == sandbox;
    }

    Sandbox sandboxOf(SessionContext session) {
        int port = portOf(session);
        return port < 0 ? null : byPort.get(port);
    }

    Sandbox requireSandbox(SessionContext session) throws IOException {
        Sandbox sandbox = sandboxOf(session);
        if (sandbox == null) {
            throw new AccessDeniedException("this sandbox is not running");
        }
        return sandbox;
    }

    @Override
    public void close() throws IOException {
        try {
            server.stop(true);
        } finally {
            byPort.clear();
            io.shutdownNow();
            cuts.close();
        }
    }

    private int bindEphemeral(IoAcceptor acceptor) throws IOException {
        Set<SocketAddress> before = new HashSet<>(acceptor.getBoundAddresses());
        acceptor.bind(new InetSocketAddress(LOOPBACK, 0));
        for (SocketAddress address : acceptor.getBoundAddresses()) {
            if (!before.contains(address)) {
                return ((InetSocketAddress) address).getPort();
            }
        }
        throw new IOException("bound a new port but cannot tell which");
    }

    private int bindFromRange(IoAcceptor acceptor) throws IOException {
        for (int tries = 0; tries < ports.size(); tries++) {
            int port = nextInRange;
            nextInRange = port >= ports.last() ? ports.first() : port + 1;
            if (byPort.containsKey(port) || !isFree(port)) {
                continue;
            }
            try {
                acceptor.bind(new InetSocketAddress(LOOPBACK, port));
                return port;
            } catch (IOException e) {
                // Taken between the check and the bind; try the next one.
            }
        }
        throw new IOException("no free port left in sshPorts " + ports.first() + "-" + ports.last());
    }

    /** Checked first because the acceptor logs a failed bind as an error. */
    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int portOf(SessionContext session) {
        SocketAddress local = session == null ? null : session.getLocalAddress();
        return local instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Host keys by port: each sandbox shows its own key. */
    private final class HostKeys implements KeyPairProvider {
        @Override
        public Iterable<KeyPair> loadKeys(SessionContext session) {
            Sandbox sandbox = sandboxOf(session);
            return sandbox == null ? List.of() : List.of(sandbox.hostKey());
        }
    }
}
