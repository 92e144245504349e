package org.nubis.localcloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Points pty4j and JNA at a fixed folder under HOME for their native libraries. Left alone they unpack
 * into a new temporary folder on every start.
 */
final class NativeLibraries {

    private NativeLibraries() {
    }

    static void useFolderUnder(Path home) throws IOException {
        Path folder = home.resolve("native");
        Files.createDirectories(folder.resolve("jna"));
        // Only if not set: the first home of a JVM wins (tests run several homes in one JVM).
        setIfAbsent("pty4j.tmpdir", folder.toString());
        setIfAbsent("jna.tmpdir", folder.resolve("jna").toString());
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
