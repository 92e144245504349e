package org.nubis.core.experiment;

import java.util.Collection;
import java.util.regex.Pattern;
import org.nubis.api.InvalidRequestException;
import org.nubis.core.Echo;

/** What experiment names, tags and login users may look like: they end up in ids, cloud tags, file names and SSH logins. */
final class Names {

    private static final Pattern EXPERIMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,47}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@/+=-]{0,63}");
    /** A login name as Linux and cloud images use them (root, ec2-user, Administrator): never an option or a path. */
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,31}");

    private Names() {
    }

    static void checkExperiment(String name) {
        if (name == null || !EXPERIMENT.matcher(name).matches()) {
            throw new InvalidRequestException("invalid experiment name '" + Echo.of(name)
                    + "': use 1-48 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** A login user given for a fan-out: null (each instance's own) or a login name. */
    static void checkLogin(String user) {
        if (user != null && !LOGIN.matcher(user).matches()) {
            throw new InvalidRequestException("invalid login user '" + Echo.of(user)
                    + "': use 1-32 letters, digits, '.', '_' or '-', not starting with '.' or '-'");
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
