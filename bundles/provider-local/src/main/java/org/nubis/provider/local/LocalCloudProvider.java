package org.nubis.provider.local;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
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
        LocalSettings s = LocalSettings.parse(settings);
        LocalCloudProcess process = new LocalCloudProcess(s.home(), s.launcher(), s.startTimeout());
        return new LocalCloudConnection(settings.name(), new LocalCloudClient(process));
    }

    @Override
    public void check(CloudSettings settings) {
        LocalSettings.parse(settings);
    }

    /** The settings of one local cloud, checked. */
    private record LocalSettings(Path home, Path launcher, Duration startTimeout) {

        static final Set<String> KNOWN = Set.of("home", "launcher", "startTimeoutSeconds");

        static LocalSettings parse(CloudSettings settings) {
            settings.refuseUnknown(KNOWN);
            int startTimeout = settings.getInt("startTimeoutSeconds", 30);
            if (startTimeout < 1 || startTimeout > 3600) {
                throw new InvalidRequestException("cloud '" + settings.name() + "': startTimeoutSeconds must be between 1 and 3600, not "
                        + startTimeout);
            }
            return new LocalSettings(path(settings, "home", defaultHome()),
                    path(settings, "launcher", System.getProperty("karaf.home", ".") + "/bin/nubis-localcloud"),
                    Duration.ofSeconds(startTimeout));
        }

        private static Path path(CloudSettings settings, String key, String fallback) {
            String value = settings.get(key, fallback);
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw new InvalidRequestException("cloud '" + settings.name() + "': " + key + " is not a path: " + e.getReason());
            }
        }
    }

    private static String defaultHome() {
        String data = System.getProperty("karaf.data");
        return data != null ? data + "/localcloud" : System.getProperty("user.home") + "/.nubis/localcloud";
    }
}
