package org.nubis.provider.ec2;

import java.util.ArrayList;
import java.util.List;
import org.nubis.api.CloudException;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.PartialLaunchException;

/**
 * Launches {@code count} instances in calls of at most {@code max} each, and keeps the account:
 * whatever happens, every instance a call created is either returned or carried by the
 * {@link PartialLaunchException}, so that Nubis tracks it.
 */
final class LaunchBatches {

    /** One RunInstances call, and what to say when one fails. */
    interface Calls {
        /** Launches up to {@code size} instances (at least one, or throws). */
        List<CloudInstance> run(int batch, int size);

        /**
         * Instances a failed call created after all (its answer was lost), found again; empty when
         * the cloud definitely refused the call.
         */
        List<CloudInstance> recover(int batch, RuntimeException failure);

        /** One line about the failure: the error code and what to do. */
        String describe(RuntimeException failure);

        /** The exception to throw when nothing at all was launched. */
        RuntimeException nothingLaunched(RuntimeException failure);
    }

    private LaunchBatches() {
    }

    /** The sizes of the calls: as many full ones as fit, then the rest. */
    static List<Integer> split(int count, int max) {
        if (count < 1 || max < 1) {
            throw new IllegalArgumentException("count and max must be positive: " + count + ", " + max);
        }
        List<Integer> sizes = new ArrayList<>();
        for (int left = count; left > 0; left -= max) {
            sizes.add(Math.min(left, max));
        }
        return sizes;
    }

    static List<CloudInstance> launch(String cloud, int count, int max, Calls calls) {
        List<Integer> sizes = split(count, max);
        List<CloudInstance> launched = new ArrayList<>();
        for (int b = 0; b < sizes.size(); b++) {
            int size = sizes.get(b);
            List<CloudInstance> got;
            try {
                got = calls.run(b, size);
            } catch (RuntimeException e) {
                launched.addAll(calls.recover(b, e));
                if (launched.isEmpty()) {
                    throw calls.nothingLaunched(e);
                }
                throw new PartialLaunchException(calls.describe(e) + "; " + launched.size() + " of " + count
                        + " instances were launched and are kept", launched, e);
            }
            launched.addAll(got);
            if (got.size() < size) {
                String what = "cloud '" + cloud + "': EC2 launched only " + launched.size() + " of " + count
                        + " instances (one request for " + size + " got " + got.size()
                        + "): capacity or quota is short; try another instance type or zone, or fewer instances";
                if (launched.isEmpty()) {
                    throw new CloudException(what);
                }
                throw new PartialLaunchException(what, launched, null);
            }
        }
        return launched;
    }
}
