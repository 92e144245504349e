package org.nubis.repository.jpa;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps database secrets out of messages and logs. A JDBC URL may carry a password in its
 * parameters ({@code ?password=...}, H2's {@code ;PASSWORD=...}) or its user info
 * ({@code //user:secret@host}); messages show URLs without either, and the configured password
 * itself is replaced wherever it appears.
 */
final class Redaction {

    static final String MASK = "***";

    /** A JDBC URL in free text: up to white space or a quote/bracket that ends it. */
    private static final Pattern JDBC_URL = Pattern.compile("jdbc:[A-Za-z0-9]+:[^\\s\"'<>\\[\\]()]*");
    /** key=value pairs whose key names a secret, wherever they appear. */
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)\\b([a-z]*(?:password|passwd|pwd|secret|token)[a-z]*)=([^&;\\s\"'\\]]*)");

    private Redaction() {
    }

    /**
     * The URL without its parameters and user info: {@code jdbc:postgresql://db:5432/nubis?password=x}
     * becomes {@code jdbc:postgresql://db:5432/nubis}.
     */
    static String url(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        String bare = jdbcUrl.replaceAll("[;?].*", "");
        int scheme = bare.indexOf("//");
        if (scheme >= 0) {
            int at = bare.indexOf('@', scheme + 2);
            int slash = bare.indexOf('/', scheme + 2);
            if (at >= 0 && (slash < 0 || at < slash)) {
                bare = bare.substring(0, scheme + 2) + MASK + bare.substring(at);
            }
        }
        return bare;
    }

    /** The text with every JDBC URL reduced by {@link #url}, secret parameters masked and {@code secrets} replaced. */
    static String text(String text, Collection<String> secrets) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, MASK);
            }
        }
        Matcher m = JDBC_URL.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(url(m.group())));
        }
        m.appendTail(sb);
        return SECRET_PARAM.matcher(sb.toString()).replaceAll("$1=" + MASK);
    }

    static String text(String text) {
        return text(text, List.of());
    }

    /** What to replace for a connection: the URL's parameter section and secret values, and the password. */
    static List<String> secretsOf(String jdbcUrl, String password) {
        List<String> secrets = new ArrayList<>();
        if (password != null && !password.isEmpty()) {
            secrets.add(password);
        }
        if (jdbcUrl != null) {
            Matcher m = SECRET_PARAM.matcher(jdbcUrl);
            while (m.find()) {
                if (!m.group(2).isEmpty()) {
                    secrets.add(m.group(2));
                }
            }
            String bare = url(jdbcUrl);
            if (!bare.equals(jdbcUrl.replaceAll("[;?].*", ""))) {
                // user info: //user:secret@host
                int start = jdbcUrl.indexOf("//") + 2;
                String info = jdbcUrl.substring(start, jdbcUrl.indexOf('@', start));
                int colon = info.indexOf(':');
                if (colon >= 0 && colon + 1 < info.length()) {
                    secrets.add(info.substring(colon + 1));
                }
            }
        }
        return secrets;
    }

    /**
     * A copy of the throwable and its causes with every message redacted: same stack traces, and
     * {@code toString()} still names the original class. Never the original objects, whose
     * messages would print the secrets in a log's stack trace.
     */
    static RedactedException exception(Throwable t, Collection<String> secrets) {
        return copy(t, secrets, new IdentityHashMap<>());
    }

    private static RedactedException copy(Throwable t, Collection<String> secrets, Map<Throwable, RedactedException> seen) {
        if (t == null) {
            return null;
        }
        RedactedException done = seen.get(t);
        if (done != null) {
            return done;
        }
        RedactedException copy = new RedactedException(t.getClass().getName(), text(t.getMessage(), secrets));
        seen.put(t, copy);
        copy.setStackTrace(t.getStackTrace());
        RedactedException cause = copy(t.getCause(), secrets, seen);
        if (cause != null) {
            copy.initCause(cause);
        }
        for (Throwable s : t.getSuppressed()) {
            copy.addSuppressed(copy(s, secrets, seen));
        }
        return copy;
    }

    /** Stands for an exception whose message was redacted. */
    static final class RedactedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String originalClass;

        RedactedException(String originalClass, String message) {
            super(message);
            this.originalClass = originalClass;
        }

        String originalClass() {
            return originalClass;
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // the original's trace is set instead
        }

        @Override
        public String toString() {
            String message = getLocalizedMessage();
            return message == null ? originalClass : originalClass + ": " + message;
        }
    }
}
