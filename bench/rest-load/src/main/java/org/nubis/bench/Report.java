package org.nubis.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The results as a Markdown table, each endpoint's throughput also as a ratio of the baseline's. */
final class Report {

    private Report() {
    }

    static String markdown(Options o, PhaseResult baseline, List<PhaseResult> measured) {
        StringBuilder b = new StringBuilder();
        b.append("# Nubis REST load, ")
                .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)
                        .withNano(0).toLocalDateTime()))
                .append(" UTC\n\n");
        b.append(String.format(Locale.ROOT, "%s; %d clients (each its own bearer token), %d s per endpoint after "
                        + "%d s of warm-up; %d experiments. Load generator on %d CPUs, Java %s.%n%n",
                o.baseUri(), o.clients(), o.seconds(), o.warmup(), o.experiments(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        b.append("| Endpoint | Requests | Errors | req/s | p50 ms | p99 ms | vs baseline |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|\n");
        row(b, baseline, baseline);
        for (PhaseResult r : measured) {
            row(b, r, baseline);
        }
        boolean errors = false;
        for (PhaseResult r : concat(baseline, measured)) {
            if (r.errors() > 0) {
                if (!errors) {
                    b.append("\nErrors (there must be none):\n\n");
                    errors = true;
                }
                b.append("- ").append(r.endpoint()).append(": ").append(r.errors()).append(", first: ")
                        .append(r.firstError()).append('\n');
            }
        }
        b.append("\n`vs baseline` is the endpoint's req/s divided by the baseline's: what logging in and the "
                + "service's work cost against the bare HTTP stack of the same server (GET /health: no login, no service work). "
                + "The baseline is measured first and last; the first row is the faster of the two, which the ratios use.\n");
        return b.toString();
    }

    private static void row(StringBuilder b, PhaseResult r, PhaseResult baseline) {
        double ratio = baseline.perSecond() > 0 ? r.perSecond() / baseline.perSecond() : Double.NaN;
        b.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.2f | %.2f | %.2f |%n", r.endpoint(),
                r.requests(), r.errors(), r.perSecond(), r.percentileMillis(0.50), r.percentileMillis(0.99), ratio));
    }

    private static List<PhaseResult> concat(PhaseResult first, List<PhaseResult> rest) {
        List<PhaseResult> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
