package org.nubis.api.cluster;

import java.util.Locale;

/** Whether the setup provider has configured a node (or a cluster). */
public enum SetupState {
    NOT_RUN, RUNNING, DONE, FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static SetupState parse(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
