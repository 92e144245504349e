package org.nubis.localcloud;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.nubis.localcloud.engine.CloudConfig;
import org.nubis.localcloud.engine.SandboxCloud;
import org.nubis.localcloud.ec2api.Ec2ApiServer;
import org.nubis.localcloud.ec2api.Ec2Config;
import org.nubis.localcloud.ec2api.Ec2Credentials;
import org.nubis.localcloud.nativeapi.ApiToken;
import org.nubis.localcloud.nativeapi.NativeApiServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running local cloud on one home directory: the engine, its API faces, the files that tell clients
 * where it is, and the idle exit. {@link Main} runs one per process; tests may run several in one JVM.
 */
public final class LocalCloud implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCloud.class);

    private final Path home;
    private final HomeLock lock;
    private final SandboxCloud engine;
    private final ApiToken token;
    private NativeApiServer api;
    private Ec2ApiServer ec2;
    private final ScheduledExecutorService idleWatch;
    private final AtomicLong lastRequest = new AtomicLong(System.nanoTime());
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private LocalCloud(Path home, HomeLock lock, SandboxCloud engine, ApiToken token) {
        this.home = home;
        this.lock = lock;
        this.engine = engine;
        this.token = token;
        this.idleWatch = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "localcloud-idle-watch");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a local cloud on a home directory (created if missing), with the EC2 face on the port of the
     * {@code ec2Port} property (any free port without it).
     *
     * @param apiPort 0 for any free port
     * @throws IOException also when another local cloud runs on that home (message names its pid)
     */
    public static LocalCloud start(Path home, int apiPort) throws IOException {
        return start(home, apiPort, null);
    }

    /**
     * @param ec2Port the EC2 face's port (0 for any free port), or null to take the {@code ec2Port} property
     */
    public static LocalCloud start(Path home, int apiPort, Integer ec2Port) throws IOException {
        Files.createDirectories(home);
        Path realHome = home.toRealPath();
        HomeLock lock = HomeLock.acquire(realHome);
        SandboxCloud engine = null;
        LocalCloud cloud = null;
        try {
            NativeLibraries.useFolderUnder(realHome);
            CloudConfig config = CloudConfig.load(realHome);
            Ec2Config ec2Config;
            try {
                ec2Config = Ec2Config.from(CloudConfig.readProperties(realHome), ec2Port);
            } catch (IllegalArgumentException e) {
                throw new IOException(realHome.resolve(CloudConfig.FILE_NAME) + ": " + e.getMessage(), e);
            }
            ApiToken token = ApiToken.loadOrCreate(realHome);
            Ec2Credentials ec2Credentials = Ec2Credentials.loadOrCreate(realHome, ec2Config.credentials());
            engine = SandboxCloud.open(realHome, config);
            cloud = new LocalCloud(realHome, lock, engine, token);
            AtomicLong lastRequest = cloud.lastRequest;
            Runnable onRequest = () -> lastRequest.set(System.nanoTime());
            cloud.api = new NativeApiServer(engine, token, Version.value(), apiPort, onRequest,
                    cloud::shutdownInBackground);
            cloud.ec2 = new Ec2ApiServer(engine, realHome, ec2Config, ec2Credentials, onRequest);
            cloud.api.start();
            cloud.ec2.start();
            RuntimeInfoFile.write(realHome, ProcessHandle.current().pid(), cloud.api.port(), cloud.ec2.port(),
                    Version.value());
            cloud.watchIdleness(config.idleExit());
            LOG.info("local cloud {} on {}: API on 127.0.0.1:{}, EC2 API on 127.0.0.1:{} (region {}), {} instances",
                    Version.value(), realHome, cloud.api.port(), cloud.ec2.port(), ec2Config.region(),
                    engine.activeCount());
            return cloud;
        } catch (IOException | RuntimeException e) {
            // The servers hold their ports from the moment they are made.
            if (cloud != null && cloud.api != null) {
                cloud.api.close();
            }
            if (cloud != null && cloud.ec2 != null) {
                cloud.ec2.close();
            }
            if (engine != null) {
                engine.close();
            }
            lock.close();
            throw e;
        }
    }

    public Path home() {
        return home;
    }

    public int apiPort() {
        return api.port();
    }

    public String token() {
        return token.value();
    }

    /** The EC2 face's port (also in HOME/localcloud.json as "ec2Port"). */
    public int ec2Port() {
        return ec2.port();
    }

    public SandboxCloud engine() {
        return engine;
    }

    /** Waits until the local cloud has shut down (API request, idle exit, or close()). */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitShutdown(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Shuts down keeping every instance's state, so that the next start brings them back. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            awaitQuietly();
            return;
        }
        try {
            LOG.info("shutting down; instances resume at the next start");
            idleWatch.shutdownNow();
            api.close();
            ec2.close();
            engine.close();
            RuntimeInfoFile.delete(home);
            try {
                lock.close();
            } catch (IOException e) {
                LOG.warn("releasing {}: {}", HomeLock.FILE_NAME, e.toString());
            }
        } finally {
            stopped.countDown();
        }
    }

    private void shutdownInBackground() {
        Thread thread = new Thread(this::close, "localcloud-shutdown");
        thread.start();
    }

    /** Exits after a while with no instance and no API request (0 = never), so a forgotten cloud goes away. */
    private void watchIdleness(Duration idleExit) {
        if (idleExit.isZero()) {
            return;
        }
        long period = Math.max(100, Math.min(60_000, idleExit.toMillis() / 4));
        idleWatch.scheduleWithFixedDelay(() -> {
            long idleNanos = System.nanoTime() - lastRequest.get();
            if (engine.activeCount() == 0 && idleNanos >= idleExit.toNanos()) {
                LOG.info("no instance and no API request for {}; exiting", idleExit);
                shutdownInBackground();
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    private void awaitQuietly() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
