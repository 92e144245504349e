package org.nubis.provider.staticcloud;

import java.nio.file.Path;
import java.util.Set;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudProvider;
import org.nubis.api.cloud.CloudSettings;
import org.osgi.service.component.annotations.Component;

/** The {@code static} cloud type: machines that already exist, claimed and released rather than created. */
@Component(service = CloudProvider.class, property = "nubis.cloud.type=static")
public class StaticCloudProvider implements CloudProvider {

    static final String TYPE = "static";
    /** Every setting a static cloud reads. */
    static final Set<String> KNOWN = Set.of("hosts", "hostsFile", "user", "sshPort", "statePath");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Static hosts: existing machines (lab servers, a farm), claimed by launches and released by terminations";
    }

    @Override
    public CloudConnection connect(CloudSettings settings) {
        Path state = statePath(settings);
        return new StaticCloudConnection(settings.name(), HostList.parse(settings), new ClaimStore(state));
    }

    @Override
    public void check(CloudSettings settings) {
        statePath(settings);
        HostList.parse(settings);
    }

    /** Where the cloud's claims are kept; checks the settings' names on the way. */
    private static Path statePath(CloudSettings settings) {
        settings.refuseUnknown(KNOWN);
        String name = settings.name();
        String statePath = settings.get("statePath", null);
        if (statePath == null && (name == null || name.isBlank() || name.contains("/") || name.contains("\\"))) {
            throw new InvalidRequestException("cloud name '" + name + "' cannot name a claim file; set statePath");
        }
        try {
            return Path.of(statePath != null ? statePath : defaultState(name));
        } catch (RuntimeException e) {
            throw new InvalidRequestException("cloud '" + name + "': setting statePath is not a path: " + e.getMessage());
        }
    }

    private static String defaultState(String cloud) {
        String data = System.getProperty("karaf.data");
        String base = data != null ? data + "/nubis/static" : System.getProperty("user.home") + "/.nubis/static";
        return base + "/" + cloud + ".json";
    }
}
