package org.nubis.provider.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudProvider;
import org.nubis.api.cloud.CloudSettings;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code ec2} cloud type: Amazon EC2 or an EC2-compatible cloud, through the AWS SDK for Java 2. */
@Component(service = CloudProvider.class, property = "nubis.cloud.type=ec2")
public class Ec2CloudProvider implements CloudProvider {

    static final String TYPE = "ec2";
    private static final Logger LOG = LoggerFactory.getLogger(Ec2CloudProvider.class);
    /** The latest connection of each cloud: Nubis replaces one when its settings change; the old SDK client is closed. */
    private final Map<String, Ec2CloudConnection> open = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "Amazon EC2 and EC2-compatible clouds (AWS SDK for Java 2)";
    }

    @Override
    public CloudConnection connect(CloudSettings settings) {
        Ec2Settings s = Ec2Settings.parse(settings);
        Ec2Errors errors = new Ec2Errors(s.cloudName(), secrets(s));
        Ec2CloudConnection connection = new Ec2CloudConnection(s, Ec2ClientFactory.create(s), errors);
        LOG.info("Cloud '{}': EC2 in {}{}, credentials from {}", s.cloudName(), s.region(),
                s.endpoint() != null ? " at " + s.endpoint() : "", s.credentials());
        Ec2CloudConnection replaced = open.put(s.cloudName(), connection);
        if (replaced != null) {
            replaced.close();
        }
        return connection;
    }

    @Override
    public void check(CloudSettings settings) {
        Ec2Settings.parse(settings);
    }

    private static List<String> secrets(Ec2Settings s) {
        List<String> out = new ArrayList<>();
        if (s.credentials() instanceof Ec2Settings.Credentials.Keys k) {
            out.add(k.accessKeyId());
            out.add(k.secretAccessKey());
            out.add(k.sessionToken());
        }
        return out;
    }

    @Deactivate
    void deactivate() {
        open.values().forEach(Ec2CloudConnection::close);
        open.clear();
    }
}
