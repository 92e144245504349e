package org.nubis.localcloud;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;

/** A MINA SSH client for tests: runs one command and reports exit status, stdout, stderr and host key. */
final class MinaSsh implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AttributeRepository.AttributeKey<PublicKey> SERVER_KEY = new AttributeRepository.AttributeKey<>();

    record Result(int exitStatus, String stdout, String stderr, String hostKey) {
    }

    private final SshClient client;

    MinaSsh() {
        client = SshClient.setUpDefaultClient();
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        // Accept any host key but remember it, so tests can compare it with the one the API reports.
        client.setServerKeyVerifier((session, address, key) -> {
            session.setAttribute(SERVER_KEY, key);
            return true;
        });
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        // curve25519 first: BouncyCastle would make the client offer the much slower sntrup761 first.
        client.setKeyExchangeFactories(List.of(
                org.apache.sshd.client.ClientBuilder.DH2KEX.apply(BuiltinDHFactories.curve25519),
                org.apache.sshd.client.ClientBuilder.DH2KEX.apply(BuiltinDHFactories.ecdhp256)));
        // Without it, each short exchange waits for delayed ACKs (tens of ms per connection).
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        client.start();
    }

    Result exec(int port, TestKeys keys, String command) throws IOException {
        return exec(port, keys, command, null);
    }

    Result exec(int port, TestKeys keys, String command, String stdin) throws IOException {
        try (ClientSession session = client.connect("anyone", "127.0.0.1", port).verify(TIMEOUT).getSession()) {
            session.addPublicKeyIdentity(keys.keyPair());
            session.auth().verify(TIMEOUT);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (ChannelExec channel = session.createExecChannel(command)) {
                channel.setOut(out);
                channel.setErr(err);
                channel.setIn(new ByteArrayInputStream(
                        stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8)));
                channel.open().verify(TIMEOUT);
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
                Integer status = channel.getExitStatus();
                return new Result(status == null ? -1 : status,
                        out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                        PublicKeyEntry.toString(session.getAttribute(SERVER_KEY)));
            }
        }
    }

    /** Starts a command, sends it an RFC 4254 "signal" request, and returns its exit status (-1: none). */
    int signalled(int port, TestKeys keys, String command, String signal) throws IOException, InterruptedException {
        try (ClientSession session = client.connect("anyone", "127.0.0.1", port).verify(TIMEOUT).getSession()) {
            session.addPublicKeyIdentity(keys.keyPair());
            session.auth().verify(TIMEOUT);
            try (ChannelExec channel = session.createExecChannel(command)) {
                channel.setOut(new ByteArrayOutputStream());
                channel.setErr(new ByteArrayOutputStream());
                channel.open().verify(TIMEOUT);
                Thread.sleep(300); // let the command get going
                Buffer request = session.createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
                request.putUInt(channel.getRecipient());
                request.putString("signal");
                request.putBoolean(false);
                request.putString(signal);
                channel.writePacket(request);
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
                Integer status = channel.getExitStatus();
                return status == null ? -1 : status;
            }
        }
    }

    @Override
    public void close() {
        client.stop();
    }
}
