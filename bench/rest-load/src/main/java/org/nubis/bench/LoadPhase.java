package org.nubis.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.nubis.client.NubisClient;

/**
 * Runs one endpoint with every client at once, each in its own thread, as fast as answers come
 * (a closed loop: a client sends its next request when the last one is answered), for a fixed time.
 * Every client starts at the same moment; requests still running at the end are counted.
 */
final class LoadPhase {

    private final List<NubisClient> clients;

    LoadPhase(List<NubisClient> clients) {
        this.clients = clients;
    }

    PhaseResult run(Endpoint endpoint, Duration duration) throws InterruptedException {
        int n = clients.size();
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        long[] requests = new long[n];
        long[] errors = new long[n];
        long[][] latencies = new long[n][];
        AtomicReference<String> firstError = new AtomicReference<>();
        long[] deadline = new long[1];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int w = i;
            Thread t = new Thread(() -> {
                NubisClient client = clients.get(w);
                LongList mine = new LongList();
                long count = w; // spread the experiments asked for across workers
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (System.nanoTime() - deadline[0] < 0) {
                    long t0 = System.nanoTime();
                    try {
                        endpoint.request().send(client, count++);
                        mine.add(System.nanoTime() - t0);
                        requests[w]++;
                    } catch (RuntimeException e) {
                        errors[w]++;
                        firstError.compareAndSet(null, e.getMessage());
                    }
                }
                latencies[w] = mine.toArray();
            }, "load-" + i);
            threads.add(t);
            t.start();
        }
        ready.await();
        long start = System.nanoTime();
        deadline[0] = start + duration.toNanos();
        go.countDown(); // publishes deadline[0] to the workers (happens-before via the latch)
        for (Thread t : threads) {
            t.join();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new PhaseResult(endpoint.name(), Arrays.stream(requests).sum(), Arrays.stream(errors).sum(), elapsed,
                all, firstError.get());
    }

    /** A growable array of longs: a latency per request without boxing. */
    private static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
