package org.nubis.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.nubis.api.auth.NewApiKey;
import org.nubis.api.auth.Role;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.TransferResult;

/** The README's examples, compiled with the tests so that they keep up with the API (never run). */
@SuppressWarnings("unused")
final class ReadmeExamples {

    private ReadmeExamples() {
    }

    static void workflow(URI uri, String accessKey, String secret) {
        Duration fiveMinutes = Duration.ofMinutes(5);
        try (NubisClient nubis = NubisClient.builder().baseUri(uri).apiKey(accessKey, secret).build()) {
            nubis.createExperiment("demo");
            List<Machine> up = nubis.provision("demo", 3, "worker").awaitResult(fiveMinutes);
            nubis.await("demo", Duration.ofMinutes(2), "worker").awaitResult(fiveMinutes);
            for (CommandResult r : nubis.run("demo", "hostname").awaitResult(fiveMinutes)) {
                System.out.println(r.targetId() + ": " + r.stdout().strip());
            }
            nubis.run("demo", "hostname > result.txt", "worker").awaitResult(fiveMinutes);
            OperationHandle<List<TransferResult>> fetch = nubis.fetch("demo", "result.txt", "worker");
            for (TransferResult t : fetch.awaitResult(fiveMinutes)) {
                nubis.downloadFetched(fetch.id(), t.targetId(), Path.of("results", "result.txt." + t.targetId()));
            }
            nubis.putFile("demo", Path.of("input.txt"), "input.txt").awaitResult(fiveMinutes);
            nubis.deprovision("demo").awaitResult(fiveMinutes);
            nubis.destroyExperiment("demo").awaitResult(fiveMinutes);
        } catch (OperationFailedException e) {
            System.err.println(e.error() + ": " + e.detail());
        }
    }

    static void keys(URI uri, String password) {
        try (NubisClient admin = NubisClient.builder().baseUri(uri).basic("admin", password).build()) {
            NewApiKey created = admin.createKey(Role.OPERATOR, "nightly jobs");
            String accessKey = created.key().accessKey();
            String secret = created.secret();
            admin.keys();
            admin.revokeKey(accessKey);
        }
    }

    static void events(NubisClient nubis) {
        EventSubscription events = nubis.subscribe(
                EventFilter.forCluster("hpc").withTypes(NubisEvent.CLUSTER_PHASE, NubisEvent.CLUSTER_NODE),
                e -> System.out.println(e.type() + " " + e.data().path("state").asText()),
                error -> System.err.println("events stopped: " + error.getMessage()));
        nubis.createCluster("hpc", "demo", Map.of());
        Cluster running = nubis.startCluster("hpc", null, null).awaitResult(Duration.ofMinutes(15));
        events.close();
    }
}
