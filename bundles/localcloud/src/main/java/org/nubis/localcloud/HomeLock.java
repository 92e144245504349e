package org.nubis.localcloud;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes sure only one local cloud runs on a home directory: an OS file lock on {@code HOME/localcloud.lock},
 * which also holds the owner's pid so that a second process can say whom it met. The OS drops the lock
 * when the process dies, however it dies.
 */
final class HomeLock implements AutoCloseable {

    static final String FILE_NAME = "localcloud.lock";

    /** Thrown when another local cloud holds the home. */
    static final class HomeInUseException extends IOException {
        private static final long serialVersionUID = 1L;

        HomeInUseException(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static HomeLock acquire(Path home) throws IOException {
        Path file = home.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            String pid = Files.readString(file, StandardCharsets.US_ASCII).trim();
            throw new HomeInUseException("another local cloud (pid " + (pid.isEmpty() ? "unknown" : pid)
                    + ") is already running on " + home + "; stop it first");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
        return new HomeLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
