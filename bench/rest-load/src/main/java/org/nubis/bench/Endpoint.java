package org.nubis.bench;

import java.util.List;
import org.nubis.client.NubisClient;

/**
 * One thing to measure: a name for the report and the request a client makes, through the typed
 * client (so each request includes decoding its answer, as a real caller would).
 */
record Endpoint(String name, Request request) {

    @FunctionalInterface
    interface Request {
        /** @param n the worker's request counter, to vary the experiment asked for */
        void send(NubisClient client, long n);
    }

    /** The baseline: no login, no service behind it, only the HTTP stack and JSON. */
    static Endpoint baseline() {
        return new Endpoint("GET /health (baseline)", (c, n) -> c.health());
    }

    /** The baseline once more, after the others: the server is warmer then than for the first one. */
    static Endpoint baselineAgain() {
        return new Endpoint("GET /health (baseline, again)", (c, n) -> c.health());
    }

    /** The list and get endpoints under test, with bearer tokens. */
    static List<Endpoint> measured(List<String> experiments) {
        return List.of(
                new Endpoint("GET /experiments", (c, n) -> c.experiments()),
                new Endpoint("GET /experiments/{name}", (c, n) ->
                        c.experiment(experiments.get((int) (n % experiments.size())))),
                new Endpoint("GET /clusters", (c, n) -> c.clusters()),
                new Endpoint("GET /providers", (c, n) -> c.providers()),
                new Endpoint("GET /clouds", (c, n) -> c.clouds()));
    }
}
