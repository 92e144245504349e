package org.nubis.core.cloud;

import java.util.Map;
import java.util.TreeMap;
import org.nubis.api.NubisException;
import org.nubis.api.auth.SecretBox;
import org.nubis.api.cloud.CloudSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;

/**
 * One configured cloud: Declarative Services creates one of these per factory configuration of
 * {@code org.nubis.cloud} (one file {@code etc/org.nubis.cloud-NAME.cfg} each). Credentials
 * stored sealed (encrypted, see {@link SecretBox}) are opened here, for the provider only.
 */
@Component(service = CloudDefinition.class, configurationPid = "org.nubis.cloud",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public class CloudDefinition {

    private final SecretBox secrets;
    private volatile CloudSettings settings;
    /** Why the cloud cannot be used (a credential that does not open), or null. */
    private volatile String problem;

    @Activate
    public CloudDefinition(@Reference SecretBox secrets, Map<String, Object> properties) {
        this.secrets = secrets;
        apply(properties);
    }

    /**
     * A changed configuration is applied in place: without this, Declarative Services would take the
     * cloud away and bring it back, and a request in between would find no such cloud.
     */
    @Modified
    void apply(Map<String, Object> properties) {
        CloudSettings sealed = fromProperties(properties);
        Map<String, String> open = new TreeMap<>(sealed.properties());
        String trouble = null;
        for (Map.Entry<String, String> e : open.entrySet()) {
            if (secrets.isSealed(e.getValue())) {
                try {
                    e.setValue(secrets.open(e.getValue()));
                } catch (NubisException failed) {
                    e.setValue("");
                    trouble = "credential " + e.getKey() + ": " + failed.getMessage();
                }
            }
        }
        this.settings = new CloudSettings(sealed.name(), sealed.type(), open);
        this.problem = trouble;
    }

    CloudDefinition(CloudSettings settings) {
        this.secrets = null;
        this.settings = settings;
        this.problem = null;
    }

    static CloudSettings fromProperties(Map<String, Object> properties) {
        Map<String, String> values = new TreeMap<>();
        properties.forEach((k, v) -> {
            if (v != null && !isFrameworkKey(k)) {
                values.put(k, String.valueOf(v));
            }
        });
        String name = values.getOrDefault("name", aliasOf(properties));
        String type = values.getOrDefault("type", "");
        return new CloudSettings(name, type, values);
    }

    /** {@code org.nubis.cloud-NAME.cfg} names the cloud NAME when the file has no {@code name}. */
    private static String aliasOf(Map<String, Object> properties) {
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String f = String.valueOf(file);
            int dash = f.lastIndexOf("org.nubis.cloud-");
            if (dash >= 0) {
                return f.substring(dash + "org.nubis.cloud-".length()).replaceFirst("\\.(cfg|config)$", "");
            }
        }
        return String.valueOf(properties.getOrDefault("service.pid", "unnamed"));
    }

    private static boolean isFrameworkKey(String key) {
        return key.startsWith("service.") || key.startsWith("component.") || key.startsWith("felix.")
                || key.equals("objectClass");
    }

    CloudSettings settings() {
        return settings;
    }

    String problem() {
        return problem;
    }
}
