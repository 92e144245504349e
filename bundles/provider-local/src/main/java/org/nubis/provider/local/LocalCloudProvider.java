package org.nubis.provider.local;

import java.nio.file.Path;
import java.time.Duration;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudProvider;
import org.nubis.api.cloud.CloudSettings;
import org.osgi.service.component.annotations.Component;

/** The {@code local} cloud type: SSH sandboxes hosted by the local cloud process on this machine. */
@Component(service = CloudProvider.class, property = "nubis.cloud.type=local")
public class LocalCloudProvider implements CloudProvider {

    static final String TYPE = "local";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Local cloud: SSH sandboxes in a separate process on this machine";
    }

    @Override
    public CloudConnection connect(CloudSettings settings) {
        Path home = Path.of(settings.get("home", defaultHome()));
        Path launcher = Path.of(settings.get("launcher", System.getProperty("karaf.home", ".") + "/bin/nubis-localcloud"));
        int startTimeout = settings.getInt("startTimeoutSeconds", 30);
        if (startTimeout < 1) {
            throw new InvalidRequestException("cloud '" + settings.name() + "': startTimeoutSeconds must be at least 1");
        }
        LocalCloudProcess process = new LocalCloudProcess(home, launcher, Duration.ofSeconds(startTimeout));
        return new LocalCloudConnection(settings.name(), new LocalCloudClient(process));
    }

    private static String defaultHome() {
        String data = System.getProperty("karaf.data");
        return data != null ? data + "/localcloud" : System.getProperty("user.home") + "/.nubis/localcloud";
    }
}
