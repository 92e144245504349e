package org.nubis.localcloud.engine;

import java.util.Map;
import java.util.TreeMap;

/**
 * What is persisted about an instance ({@code meta.json}). Mutable; the owning {@link Sandbox} guards it.
 * Public fields because it is a plain data carrier for Jackson.
 */
public final class InstanceRecord {
    public String id;
    public String image;
    public String flavor;
    public InstanceState state;
    public String stateReason;
    public Map<String, String> tags = new TreeMap<>();
    public int sshPort;
    /** The host's public key as an OpenSSH line, kept so describing never reads key files. */
    public String hostKey;
    public String launchedAt;
    public String terminatedAt;
    public Fault fault = Fault.NONE;
    /** Set before user data first runs, so that it never runs again, even after a crash. */
    public boolean userDataStarted;
    /**
     * What API faces keep about the instance beside the engine's own fields (e.g. the EC2 face's instance
     * id, key name, groups). Not tags: clients never see them unless a face shows them.
     */
    public Map<String, String> attributes = new TreeMap<>();

    InstanceRecord copy() {
        InstanceRecord copy = new InstanceRecord();
        copy.id = id;
        copy.image = image;
        copy.flavor = flavor;
        copy.state = state;
        copy.stateReason = stateReason;
        copy.tags = new TreeMap<>(tags);
        copy.sshPort = sshPort;
        copy.hostKey = hostKey;
        copy.launchedAt = launchedAt;
        copy.terminatedAt = terminatedAt;
        copy.fault = fault;
        copy.userDataStarted = userDataStarted;
        copy.attributes = new TreeMap<>(attributes);
        return copy;
    }
}
