package org.nubis.setup.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A run's tasks on a shared pool, and the pool. Tasks block on latches: nothing depends on timing. */
class RunTasksTest {

    private final WorkerPool pool = new WorkerPool("nubis-test-setup", 2);

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void aTaskIsWaitedForUntilTheDeadline() throws Exception {
        RunTasks tasks = new RunTasks(pool.executor(), SetupDeadline.in(Duration.ofMinutes(5)));
        assertEquals("done", tasks.await(tasks.submit(() -> "done")));
        Future<Object> failing = tasks.submit(() -> {
            throw new IllegalStateException("broken");
        });
        assertEquals("broken", assertThrows(ExecutionException.class, () -> tasks.await(failing)).getCause().getMessage());

        CountDownLatch never = new CountDownLatch(1);
        RunTasks late = new RunTasks(pool.executor(), SetupDeadline.in(Duration.ZERO));
        Future<Boolean> blocked = late.submit(() -> never.await(1, java.util.concurrent.TimeUnit.HOURS));
        assertThrows(TimeoutException.class, () -> late.await(blocked));
        late.close();
    }

    @Test
    void closingInterruptsTheRunningTasksWaitsForThemAndDropsTheOthers() throws Exception {
        RunTasks tasks = new RunTasks(pool.executor(), SetupDeadline.in(Duration.ofMinutes(5)));
        CountDownLatch started = new CountDownLatch(2);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean ended = new AtomicBoolean();
        AtomicBoolean third = new AtomicBoolean();
        for (int i = 0; i < 2; i++) {
            tasks.submit(() -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
                ended.set(true);
                return null;
            });
        }
        tasks.submit(() -> third.getAndSet(true));
        started.await();

        tasks.close();

        assertTrue(interrupted.get() && ended.get(), "close returns once the running tasks have ended");
        // The pool runs what it queued in order: once this sentinel ran, the third task's turn has passed.
        pool.executor().submit(() -> null).get();
        assertFalse(third.get(), "a task that had no thread yet never runs");
        assertFalse(Thread.currentThread().isInterrupted());
        assertThrows(java.util.concurrent.CancellationException.class, () -> tasks.submit(() -> 1), "the run is over");
    }

    @Test
    void thePoolIsBoundedAndItsThreadsSayWhatTheyAre() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        Set<String> names = ConcurrentHashMap.newKeySet();
        List<Future<?>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(pool.executor().submit(() -> {
                names.add(Thread.currentThread().getName());
                started.countDown();
                gate.await();
                return null;
            }));
        }
        started.await();
        assertEquals(3, ((ThreadPoolExecutor) pool.executor()).getQueue().size(), "two run, three wait");
        gate.countDown();
        for (Future<?> f : all) {
            f.get();
        }
        assertTrue(Set.of("nubis-test-setup-1", "nubis-test-setup-2").containsAll(names), names.toString());
        assertTrue(((ThreadPoolExecutor) pool.executor()).getLargestPoolSize() <= 2);
    }
}
