package org.nubis.ssh.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.nubis.api.ssh.SshTarget;

/**
 * A MINA SSH server on 127.0.0.1 standing in for an instance: real {@code /bin/sh -c} commands and
 * {@code /bin/sh -i} login shells in its own directory, SFTP rooted there, public-key login for the
 * keys it is told to accept.
 */
final class TestHost implements AutoCloseable {

    /** What a shell request's pty request asked for, as the server saw it. */
    record PtyRequest(String type, String columns, String rows, Map<PtyMode, Integer> modes) {
    }

    static final class Stats {
        final AtomicInteger sessionsCreated = new AtomicInteger();
        final AtomicInteger sessionsClosed = new AtomicInteger();
        final AtomicInteger commandsStarted = new AtomicInteger();
        final AtomicInteger commandsKilled = new AtomicInteger();
        /** Login shells whose process ended, for whatever reason (exit, EOF, killed). */
        final AtomicInteger shellsEnded = new AtomicInteger();
        final AtomicReference<String> lastKex = new AtomicReference<>();
        final AtomicReference<String> lastCipher = new AtomicReference<>();
        final List<PtyRequest> ptyRequests = new CopyOnWriteArrayList<>();
        /** "COLUMNSxROWS" per window-change request. */
        final List<String> windowChanges = new CopyOnWriteArrayList<>();
    }

    final String name;
    final Path root;
    final KeyPair hostKey;
    final Stats stats = new Stats();
    private final SshServer server;

    private TestHost(String name, Path root, KeyPair hostKey, int port, List<PublicKey> accepted,
                     Map<String, String> environment) throws IOException {
        this.name = name;
        this.root = root;
        this.hostKey = hostKey;
        Files.createDirectories(root);
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) ->
                accepted.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        server.setCommandFactory((channel, command) -> new ShellCommand(command, root, environment, stats));
        server.setShellFactory(channel -> ShellCommand.login(root, environment, stats));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                stats.sessionsCreated.incrementAndGet();
            }

            @Override
            public void sessionClosed(Session session) {
                stats.sessionsClosed.incrementAndGet();
            }

            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.KeyEstablished) {
                    stats.lastKex.set(session.getNegotiatedKexParameter(KexProposalOption.ALGORITHMS));
                    stats.lastCipher.set(session.getNegotiatedKexParameter(KexProposalOption.C2SENC));
                }
            }
        });
        server.start();
    }

    /** A host accepting {@code accepted}, with a new host key, on a free port. */
    static TestHost start(String name, Path root, List<PublicKey> accepted) throws IOException {
        return new TestHost(name, root, newHostKey(), 0, accepted,
                Map.of("TEST_HOST", name, "TEST_EXIT", String.valueOf(Math.abs(name.hashCode()) % 4)));
    }

    /** The same host again (same name, directory and accepted keys) on {@code port} with {@code hostKey}. */
    TestHost restart(int port, KeyPair hostKey, List<PublicKey> accepted) throws IOException {
        close();
        return new TestHost(name, root, hostKey, port, accepted,
                Map.of("TEST_HOST", name, "TEST_EXIT", String.valueOf(expectedExit())));
    }

    /** From now on, shell requests are refused (as by a server that has no shell factory). */
    void refuseShells() {
        server.setShellFactory(null);
    }

    static KeyPair newHostKey() {
        try {
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    int expectedExit() {
        return Math.abs(name.hashCode()) % 4;
    }

    int port() {
        return server.getPort();
    }

    SshTarget target(String user) {
        return new SshTarget(name, "127.0.0.1", port(), user);
    }

    String hostKeyLine() {
        return PublicKeyEntry.toString(hostKey.getPublic());
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
