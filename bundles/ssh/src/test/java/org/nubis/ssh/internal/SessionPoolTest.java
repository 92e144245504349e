package org.nubis.ssh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.nubis.api.ssh.SshTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SessionPoolTest {

    @TempDir
    Path tmp;

    private SshClient client;
    private TestHost host;
    private SshTarget target;

    @BeforeEach
    void setUp() throws IOException {
        FileSshIdentity identity = new FileSshIdentity(tmp.resolve("keys"));
        client = FanOutClient.start(new TrustOnFirstUse(new PinnedHostKeys(tmp.resolve("keys"))),
                session -> List.of(identity.keyPair()), Duration.ofSeconds(5));
        host = TestHost.start("pooled", tmp.resolve("host"), List.of(identity.keyPair().getPublic()));
        target = host.target("nubis");
    }

    @AfterEach
    void tearDown() throws IOException {
        client.stop();
        host.close();
    }

    private static SessionPool.Opener<ChannelExec> exec(AtomicInteger failuresLeft) {
        return session -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IOException("channel open failed");
            }
            ChannelExec channel = session.createExecChannel("true");
            channel.open().verify(5000);
            return channel;
        };
    }

    @Test
    void aPooledSessionThatFailsIsReplacedOnce() throws Exception {
        try (SessionPool pool = new SessionPool(client, Duration.ofSeconds(5), Duration.ofMinutes(5))) {
            pool.open(target, new InFlight(), exec(new AtomicInteger())).close();

            pool.open(target, new InFlight(), exec(new AtomicInteger(1))).close();
            assertEquals(2, host.stats.sessionsCreated.get());

            IOException twice = assertThrows(IOException.class,
                    () -> pool.open(target, new InFlight(), exec(new AtomicInteger(2))));
            assertEquals("channel open failed", twice.getMessage());
            assertEquals(3, host.stats.sessionsCreated.get(), "replaced once, not again");
        }
    }

    @Test
    void aFreshSessionIsNotRetried() throws Exception {
        try (SessionPool pool = new SessionPool(client, Duration.ofSeconds(5), Duration.ofMinutes(5))) {
            assertThrows(IOException.class, () -> pool.open(target, new InFlight(), exec(new AtomicInteger(1))));
            assertEquals(1, host.stats.sessionsCreated.get());
        }
    }

    @Test
    void closesSessionsUnusedForTheIdleTime() throws Exception {
        try (SessionPool pool = new SessionPool(client, Duration.ofSeconds(5), Duration.ofSeconds(1))) {
            pool.open(target, new InFlight(), exec(new AtomicInteger())).close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (host.stats.sessionsClosed.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, host.stats.sessionsClosed.get());

            pool.open(target, new InFlight(), exec(new AtomicInteger())).close();
            assertEquals(2, host.stats.sessionsCreated.get());
        }
    }

    @Test
    void aSessionInUseIsNotClosedAsIdle() throws Exception {
        try (SessionPool pool = new SessionPool(client, Duration.ofSeconds(5), Duration.ofSeconds(1))) {
            try (SessionPool.Lease<ChannelExec> lease = pool.open(target, new InFlight(), session -> {
                ChannelExec channel = session.createExecChannel("sleep 3");
                channel.open().verify(5000);
                return channel;
            })) {
                Thread.sleep(2500);
                assertEquals(0, host.stats.sessionsClosed.get());
                assertTrue(lease.value().isOpen());
            }
        }
    }
}
