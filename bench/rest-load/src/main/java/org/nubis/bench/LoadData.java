package org.nubis.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.nubis.api.auth.NewApiKey;
import org.nubis.api.auth.Role;
import org.nubis.client.NubisApiException;
import org.nubis.client.NubisClient;

/**
 * What the load needs on the server, made with the admin's login: an API key (viewer: the load
 * only reads) and a few experiments; and the clean-up afterwards.
 */
final class LoadData implements AutoCloseable {

    private final NubisClient admin;
    private final NewApiKey key;
    private final List<String> created = new ArrayList<>();
    private final List<String> experiments = new ArrayList<>();

    LoadData(NubisClient admin, int experimentCount) {
        this.admin = admin;
        this.key = admin.createKey(Role.VIEWER, "rest-load benchmark");
        for (int i = 1; i <= experimentCount; i++) {
            String name = "rest-load-" + i;
            try {
                admin.createExperiment(name);
                created.add(name);
            } catch (NubisApiException e) {
                if (e.status() != 409) {
                    throw e;
                }
                // left over from an earlier run: use it, leave it
            }
            experiments.add(name);
        }
    }

    NewApiKey key() {
        return key;
    }

    List<String> experiments() {
        return experiments;
    }

    /** Revokes the key and destroys the experiments this run created. */
    @Override
    public void close() {
        try {
            admin.revokeKey(key.key().accessKey());
        } catch (NubisApiException e) {
            System.err.println("could not revoke the load's key: " + e.getMessage());
        }
        for (String name : created) {
            try {
                admin.destroyExperiment(name).awaitResult(Duration.ofMinutes(1));
            } catch (NubisApiException e) {
                System.err.println("could not destroy " + name + ": " + e.getMessage());
            }
        }
    }
}
