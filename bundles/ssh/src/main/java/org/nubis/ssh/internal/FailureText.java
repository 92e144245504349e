package org.nubis.ssh.internal;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/** Turns what went wrong with one host into one readable line, without exception class names. */
final class FailureText {

    private FailureText() {
    }

    static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HostFailure) {
                return t.getMessage();
            }
            if (t instanceof ConnectException) {
                String message = String.valueOf(t.getMessage());
                return message.toLowerCase().contains("refused") ? "connection refused" : "cannot connect: " + message;
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host" + (t.getMessage() == null ? "" : " " + t.getMessage());
            }
            if (t instanceof SocketTimeoutException) {
                return "network timeout";
            }
            if (t instanceof InterruptedIOException || t instanceof InterruptedException) {
                return "cancelled";
            }
        }
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** "10 s", or "500 ms" below a second. */
    static String duration(Duration d) {
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + " s";
        }
        return d.toSeconds() >= 10 ? Math.round(d.toMillis() / 1000.0) + " s" : d.toMillis() + " ms";
    }
}
