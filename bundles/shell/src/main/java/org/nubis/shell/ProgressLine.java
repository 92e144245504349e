package org.nubis.shell;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;
import org.nubis.api.Progress;

/**
 * One self-overwriting status line ({@code run: 12/50 done, 1 failed}) while a fan-out or wait is
 * under way. Quiet when there is no real terminal (scripts over bin/client or ssh), where the
 * final output says everything.
 */
public final class ProgressLine<R> implements Progress<R>, AutoCloseable {

    private final PrintStream out;
    private final String label;
    private final Predicate<R> failed;
    private final boolean live;
    private final AtomicInteger failures = new AtomicInteger();
    private volatile boolean printed;

    public ProgressLine(Session session, String label, Predicate<R> failed) {
        this.out = session.getConsole();
        this.label = label;
        this.failed = failed;
        this.live = isInteractive(session.getTerminal());
    }

    static boolean isInteractive(Terminal terminal) {
        return terminal != null && terminal.getWidth() > 0 && terminal.getType() != null
                && !terminal.getType().startsWith("dumb");
    }

    @Override
    public void completed(R result, int done, int total) {
        if (failed.test(result)) {
            failures.incrementAndGet();
        }
        if (live) {
            int f = failures.get();
            synchronized (out) {
                out.print("\r" + label + ": " + done + "/" + total + " done" + (f > 0 ? ", " + f + " failed" : "") + "\u001b[K");
                out.flush();
            }
            printed = true;
        }
    }

    @Override
    public void close() {
        if (printed) {
            synchronized (out) {
                out.print("\r\u001b[K");
                out.flush();
            }
        }
    }
}
