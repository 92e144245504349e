package org.nubis.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nubis.client.NubisClient;

/**
 * A load benchmark of the REST API's list and get endpoints: N clients, each logged in with its own
 * bearer token, one endpoint at a time for a fixed time, against a baseline measured the same way
 * on {@code GET /health}. Prints a Markdown table; exits 1 when any request failed.
 */
public final class RestLoad {

    private RestLoad() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (Options.UsageException e) {
            System.err.println("rest-load: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        if (o == null) {
            System.out.print(Options.USAGE);
            return;
        }
        System.out.println("Plan: " + o.describe());
        if (o.dryRun()) {
            return;
        }
        System.exit(run(o));
    }

    static int run(Options o) throws Exception {
        String password = Files.readString(o.adminPasswordFile(), StandardCharsets.UTF_8).strip();
        // The clients must see every failure: no retries, so that an error is counted, not hidden.
        try (NubisClient admin = NubisClient.builder().baseUri(o.baseUri()).basic(o.adminUser(), password).build();
             LoadData data = new LoadData(admin, o.experiments())) {
            List<NubisClient> clients = login(o, data);
            try {
                LoadPhase phase = new LoadPhase(clients);
                List<Endpoint> endpoints = Endpoint.measured(data.experiments());
                if (o.warmup() > 0) {
                    System.out.println("Warming up for " + o.warmup() + " s");
                    int each = Math.max(1, o.warmup() * 1000 / (endpoints.size() + 1));
                    phase.run(Endpoint.baseline(), Duration.ofMillis(each));
                    for (Endpoint e : endpoints) {
                        phase.run(e, Duration.ofMillis(each));
                    }
                }
                Duration d = Duration.ofSeconds(o.seconds());
                PhaseResult first = measure(phase, Endpoint.baseline(), d);
                List<PhaseResult> results = new ArrayList<>();
                for (Endpoint e : endpoints) {
                    results.add(measure(phase, e, d));
                }
                // Measured first and last; the ratios use the faster of the two, so that a server still
                // warming up during the first one does not flatter the endpoints.
                PhaseResult last = measure(phase, Endpoint.baselineAgain(), d);
                PhaseResult baseline = first.perSecond() >= last.perSecond() ? first : last;
                results.add(0, baseline == first ? last : first);
                String report = Report.markdown(o, baseline, results);
                System.out.println();
                System.out.print(report);
                if (o.out() != null) {
                    write(o.out(), report);
                    System.out.println("\nWritten to " + o.out());
                }
                boolean errors = baseline.errors() > 0 || results.stream().anyMatch(r -> r.errors() > 0);
                return errors ? 1 : 0;
            } finally {
                clients.forEach(NubisClient::close);
            }
        }
    }

    private static PhaseResult measure(LoadPhase phase, Endpoint e, Duration d) throws InterruptedException {
        System.out.println("Measuring " + e.name() + " for " + d.getSeconds() + " s");
        PhaseResult r = phase.run(e, d);
        System.out.printf("  %d requests, %d errors, %.1f req/s%n", r.requests(), r.errors(), r.perSecond());
        return r;
    }

    /** One client per worker, each with its own token, fetched now so that the load does not include it. */
    private static List<NubisClient> login(Options o, LoadData data) throws Exception {
        System.out.println("Logging in " + o.clients() + " clients with key " + data.key().key().accessKey());
        List<NubisClient> clients = new ArrayList<>();
        for (int i = 0; i < o.clients(); i++) {
            clients.add(NubisClient.builder().baseUri(o.baseUri()).apiKey(data.key().key().accessKey(),
                    data.key().secret()).maxRetries(0).build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(16, clients.size()));
        try {
            List<Future<?>> logins = new ArrayList<>();
            for (NubisClient c : clients) {
                logins.add(pool.submit(c::whoami));
            }
            for (Future<?> f : logins) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return clients;
    }

    private static void write(Path out, String report) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(out, report, StandardCharsets.UTF_8);
    }
}
