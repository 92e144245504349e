package org.nubis.localcloud.nativeapi;

import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nubis.localcloud.engine.InstanceDescription;

/** An instance as the native API shows it (field order as in API.md). */
final class InstanceJson {

    /** Sandboxes listen on loopback only; the private address is the same. */
    static final String HOST = "127.0.0.1";

    private InstanceJson() {
    }

    static Map<String, Object> of(InstanceDescription instance, String sshUser) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", instance.id());
        json.put("image", instance.image());
        json.put("flavor", instance.flavor());
        json.put("state", instance.state().apiName());
        json.put("stateReason", instance.stateReason());
        json.put("tags", new TreeMap<>(instance.tags()));
        json.put("host", HOST);
        json.put("privateHost", HOST);
        json.put("sshPort", instance.sshPort());
        json.put("sshUser", sshUser);
        json.put("hostKey", instance.hostKey());
        json.put("dir", instance.dir().toString());
        json.put("launchedAt", instance.launchedAt().truncatedTo(ChronoUnit.SECONDS).toString());
        return json;
    }

    static Map<String, Object> list(List<InstanceDescription> instances, String sshUser) {
        return Map.of("instances", instances.stream().map(instance -> of(instance, sshUser)).toList());
    }
}
