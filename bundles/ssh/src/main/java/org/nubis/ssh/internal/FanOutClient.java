package org.nubis.ssh.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.common.BaseBuilder;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.SftpModuleProperties;

/** A MINA {@link SshClient} set up for fan-out to instances Nubis launched, not for a user's hosts. */
final class FanOutClient {

    /**
     * curve25519 first: with BouncyCastle present MINA would offer sntrup761x25519 first, which
     * makes every new connection about 3.5 times as expensive for the client.
     */
    static final List<BuiltinDHFactories> KEX_PREFERENCE;

    static {
        List<BuiltinDHFactories> preference = new ArrayList<>(
                List.of(BuiltinDHFactories.curve25519, BuiltinDHFactories.curve25519_libssh));
        ClientBuilder.DEFAULT_KEX_PREFERENCE.stream().filter(f -> !preference.contains(f)).forEach(preference::add);
        KEX_PREFERENCE = List.copyOf(preference);
    }

    /**
     * AES-GCM first: the JVM runs it on the CPU's AES instructions, while MINA's default first choice,
     * chacha20-poly1305, is plain Java and made a 10 MB put to 25 hosts spend most of its CPU encrypting.
     */
    static final List<BuiltinCiphers> CIPHER_PREFERENCE;

    static {
        List<BuiltinCiphers> preference = new ArrayList<>(List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm));
        BaseBuilder.DEFAULT_CIPHERS_PREFERENCE.stream().filter(c -> !preference.contains(c)).forEach(preference::add);
        CIPHER_PREFERENCE = List.copyOf(preference);
    }

    private FanOutClient() {
    }

    static SshClient start(ServerKeyVerifier verifier, KeyIdentityProvider keys, Duration connectTimeout) {
        SshClient client = SshClient.setUpDefaultClient();
        client.setKeyExchangeFactories(
                NamedFactory.setUpTransformedFactories(true, KEX_PREFERENCE, ClientBuilder.DH2KEX));
        List<BuiltinCiphers> ciphers = NamedFactory.setUpBuiltinFactories(true, CIPHER_PREFERENCE);
        client.setCipherFactories(new ArrayList<NamedFactory<Cipher>>(ciphers));
        // Nothing from the user's ~/.ssh: no config file, no keys, no agent, no known_hosts.
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(keys);
        client.setAgentFactory(null);
        client.setServerKeyVerifier(verifier);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));

        CoreModuleProperties.TCP_NODELAY.set(client, true);
        // Bounds a TCP connect that was given up on (see SessionPool#abort); MINA's default is 1 minute.
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, connectTimeout);
        // Pooled sessions are closed by the pool when unused; MINA's idle timeout would also cut a
        // long silent command. Heartbeats with replies notice a peer that vanished.
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, Duration.ofSeconds(30));
        CoreModuleProperties.HEARTBEAT_REQUEST.set(client, "keepalive@openssh.com");
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 4);
        SftpModuleProperties.SFTP_CHANNEL_OPEN_TIMEOUT.set(client, connectTimeout);
        client.start();
        return client;
    }
}
