package org.nubis.api;

/**
 * Told each time one item of a fan-out finishes (a host ran its command, an instance became
 * ready). Called from worker threads, possibly concurrently: implementations must be thread-safe
 * and quick.
 */
@FunctionalInterface
public interface Progress<R> {
    void completed(R result, int done, int total);

    static <R> Progress<R> none() {
        return (result, done, total) -> { };
    }
}
