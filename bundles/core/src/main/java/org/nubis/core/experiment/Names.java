package org.nubis.core.experiment;

import java.util.Collection;
import java.util.regex.Pattern;
import org.nubis.api.InvalidRequestException;
import org.nubis.core.Echo;

/** What experiment names and tags may look like: they end up in ids, cloud tags and file names. */
final class Names {

    private static final Pattern EXPERIMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,47}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@/+=-]{0,63}");

    private Names() {
    }

    static void checkExperiment(String name) {
        if (name == null || !EXPERIMENT.matcher(name).matches()) {
            throw new InvalidRequestException("invalid experiment name '" + Echo.of(name)
                    + "': use 1-48 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    static void checkTags(Collection<String> tags) {
        for (String tag : tags) {
            if (tag == null || !TAG.matcher(tag).matches()) {
                throw new InvalidRequestException("invalid tag '" + Echo.of(tag)
                        + "': use 1-64 letters, digits or . _ : @ / + = -, starting with a letter or digit");
            }
        }
    }
}
