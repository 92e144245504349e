package org.nubis.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What to run, from the command line. The admin password is read from a file (the distribution's
 * generated {@code etc/nubis/secrets/admin.password}) so that it never shows in a process list.
 *
 * @param seconds seconds of load per endpoint (each endpoint, and the baseline, gets its own phase)
 * @param warmup  seconds of mixed load before measuring, not counted
 * @param out     the Markdown report to write, or null for stdout only
 */
record Options(URI baseUri, String adminUser, Path adminPasswordFile, int clients, int seconds, int warmup,
               int experiments, Path out, boolean dryRun) {

    static final String USAGE = """
            Usage: java -jar rest-load.jar [options]
              --base-uri URI               the API (default http://127.0.0.1:8181/nubis/api/v1)
              --admin-user NAME            a Karaf admin user, to create the API key and the data (default admin)
              --admin-password-file FILE   the admin's password (e.g. etc/nubis/secrets/admin.password); required
              --clients N                  concurrent clients, each with its own token (default 200)
              --seconds N                  seconds of load per endpoint and for the baseline (default 60)
              --warmup N                   seconds of unmeasured load first (default 5)
              --experiments N              experiments to create for GET /experiments[/{name}] (default 5)
              --out FILE                   also write the Markdown report there
              --dry-run                    check the options, print the plan, send nothing
              --help                       this text
            """;

    /** Thrown for a command line that cannot run; the message says why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Null for --help. */
    static Options parse(String... args) throws UsageException {
        URI baseUri = URI.create("http://127.0.0.1:8181/nubis/api/v1");
        String adminUser = "admin";
        Path passwordFile = null;
        int clients = 200;
        int seconds = 60;
        int warmup = 5;
        int experiments = 5;
        Path out = null;
        boolean dryRun = false;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String a = rest.remove(0);
            switch (a) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--dry-run" -> dryRun = true;
                case "--base-uri" -> baseUri = uri(value(a, rest));
                case "--admin-user" -> adminUser = value(a, rest);
                case "--admin-password-file" -> passwordFile = Path.of(value(a, rest));
                case "--clients" -> clients = number(a, value(a, rest), 1, 10_000);
                case "--seconds" -> seconds = number(a, value(a, rest), 1, 86_400);
                case "--warmup" -> warmup = number(a, value(a, rest), 0, 3_600);
                case "--experiments" -> experiments = number(a, value(a, rest), 1, 1_000);
                case "--out" -> out = Path.of(value(a, rest));
                default -> throw new UsageException("unknown option " + a);
            }
        }
        if (passwordFile == null) {
            throw new UsageException("--admin-password-file is required");
        }
        return new Options(baseUri, adminUser, passwordFile, clients, seconds, warmup, experiments, out, dryRun);
    }

    private static String value(String option, List<String> rest) throws UsageException {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return rest.remove(0);
    }

    private static int number(String option, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new UsageException(option + " must be " + min + ".." + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a number, not '" + value + "'");
        }
    }

    private static URI uri(String value) throws UsageException {
        try {
            URI u = URI.create(value);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw new UsageException("--base-uri must be http or https: " + value);
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--base-uri is not a URI: " + value);
        }
    }

    /** The plan, in words (no password). */
    String describe() {
        return "base URI " + baseUri + ", admin user " + adminUser + " (password from " + adminPasswordFile + "), "
                + clients + " clients, " + warmup + " s warm-up, then " + seconds + " s per endpoint and for the "
                + "baseline, " + experiments + " experiments" + (out == null ? "" : ", report to " + out);
    }
}
