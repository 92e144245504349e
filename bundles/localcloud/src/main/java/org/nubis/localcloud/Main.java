package org.nubis.localcloud;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code java -jar nubis-localcloud-all.jar [--home DIR] [--api-port N] [--ec2-port N]}: runs the local cloud
 * in the foreground until SIGTERM, POST /v1/shutdown or the idle exit.
 */
public final class Main {

    private static final String USAGE = "[--home DIR] [--api-port N] [--ec2-port N]";

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path home = Path.of(System.getProperty("user.home"), ".nubis", "localcloud");
        int apiPort = 0;
        Integer ec2Port = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(value(args, ++i, "--home"));
                case "--api-port" -> apiPort = port(value(args, ++i, "--api-port"), "--api-port");
                case "--ec2-port" -> ec2Port = port(value(args, ++i, "--ec2-port"), "--ec2-port");
                case "-h", "--help" -> {
                    System.out.println("usage: nubis-localcloud " + USAGE);
                    return;
                }
                default -> fail("unknown argument '" + args[i] + "'; usage: " + USAGE);
            }
        }
        LocalCloud cloud;
        try {
            cloud = LocalCloud.start(home, apiPort, ec2Port);
        } catch (HomeLock.HomeInUseException e) {
            fail(e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            fail("cannot start on " + home + ": " + e);
            return;
        }
        // SIGTERM (and Ctrl-C): stop listening, kill sandbox processes, keep state for the next start.
        Runtime.getRuntime().addShutdownHook(new Thread(cloud::close, "localcloud-shutdown-hook"));
        cloud.awaitShutdown();
        System.exit(0);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            fail(option + " needs a value");
        }
        return args[index];
    }

    private static int port(String text, String option) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        fail(option + " must be a port number (0 for any free port), got '" + text + "'");
        return 0;
    }

    private static void fail(String message) {
        System.err.println("nubis-localcloud: " + message);
        System.exit(1);
    }
}
