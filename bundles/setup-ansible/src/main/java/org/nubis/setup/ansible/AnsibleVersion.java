package org.nubis.setup.ansible;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of ansible-core, from the first line of {@code ansible-playbook --version}
 * ({@code ansible-playbook [core 2.14.18]}; before ansible-core, {@code ansible-playbook 2.9.27}).
 */
record AnsibleVersion(int major, int minor, int patch, String line) {

    /** The oldest and newest ansible-core releases Nubis runs, both included. */
    static final int[] OLDEST = {2, 14};
    static final int[] NEWEST = {2, 17};
    static final String SUPPORTED = "ansible-core " + OLDEST[0] + "." + OLDEST[1] + " to " + NEWEST[0] + "." + NEWEST[1];

    private static final Pattern VERSION = Pattern.compile("(?:\\[core\\s+|\\s)v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /** The version in {@code --version}'s output (its first line), or null when it names none. */
    static AnsibleVersion parse(String output) {
        if (output == null) {
            return null;
        }
        String first = output.strip().lines().findFirst().orElse("").strip();
        Matcher m = VERSION.matcher(first);
        if (!m.find()) {
            return null;
        }
        return new AnsibleVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), first);
    }

    boolean supported() {
        return compare(OLDEST) >= 0 && compare(NEWEST) <= 0;
    }

    private int compare(int[] majorMinor) {
        return major != majorMinor[0] ? Integer.compare(major, majorMinor[0]) : Integer.compare(minor, majorMinor[1]);
    }

    String number() {
        return major + "." + minor + "." + patch;
    }
}
