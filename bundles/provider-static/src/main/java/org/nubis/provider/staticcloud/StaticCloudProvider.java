package org.nubis.provider.staticcloud;

import java.nio.file.Path;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudProvider;
import org.nubis.api.cloud.CloudSettings;
import org.osgi.service.component.annotations.Component;

/** The {@code static} cloud type: machines that already exist, claimed and released rather than created. */
@Component(service = CloudProvider.class, property = "nubis.cloud.type=static")
public class StaticCloudProvider implements CloudProvider {

    static final String TYPE = "static";

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
        String name = settings.name();
        String statePath = settings.get("statePath", null);
        if (statePath == null && (name == null || name.isBlank() || name.contains("/") || name.contains("\\"))) {
            throw new InvalidRequestException("cloud name '" + name + "' cannot name a claim file; set statePath");
        }
        Path state;
        try {
            state = Path.of(statePath != null ? statePath : defaultState(name));
        } catch (RuntimeException e) {
            throw new InvalidRequestException("cloud '" + name + "': setting statePath is not a path: " + e.getMessage());
        }
        return new StaticCloudConnection(name, HostList.parse(settings), new ClaimStore(state));
    }

    private static String defaultState(String cloud) {
        String data = System.getProperty("karaf.data");
        String base = data != null ? data + "/nubis/static" : System.getProperty("user.home") + "/.nubis/static";
        return base + "/" + cloud + ".json";
    }
}
