package org.nubis.localcloud.ec2api;

import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The EC2 face's settings from {@code HOME/localcloud.properties}: {@code ec2Port} (0 or absent: a port the
 * OS picks), {@code ec2Region} (us-east-1), {@code ec2Credentials} ({@code AKID:SECRET[,...]}; absent: the
 * pair in HOME/ec2-credentials). The fault knobs live with the engine's knobs.
 */
public record Ec2Config(int port, String region, String credentials) {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    public Ec2Config {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("ec2Port must be a port number (0 for any free port), got " + port);
        }
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("ec2Region must look like us-east-1, got '" + region + "'");
        }
    }

    /** @param portOverride the --ec2-port flag, or null to take the property */
    public static Ec2Config from(Properties properties, Integer portOverride) {
        int port;
        if (portOverride != null) {
            port = portOverride;
        } else {
            String text = properties.getProperty("ec2Port", "").trim();
            try {
                port = text.isEmpty() ? 0 : Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ec2Port must be a port number, got '" + text + "'");
            }
        }
        String region = properties.getProperty("ec2Region", "").trim();
        return new Ec2Config(port, region.isEmpty() ? "us-east-1" : region,
                properties.getProperty("ec2Credentials", "").trim());
    }

    /** Three zones, as a small region has: REGIONa, REGIONb, REGIONc. */
    List<String> zones() {
        return List.of(region + "a", region + "b", region + "c");
    }

    String defaultZone() {
        return zones().get(0);
    }

    /** EC2's zone id, e.g. use1-az1 for us-east-1a (apse2-az2 for ap-southeast-2b). */
    String zoneId(String zone) {
        String[] parts = region.split("-");
        StringBuilder id = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length - 1; i++) {
            String word = parts[i];
            boolean compound = (word.startsWith("north") || word.startsWith("south")) && word.length() > 5;
            id.append(word.charAt(0));
            if (compound) {
                id.append(word.charAt(5)); // southeast -> se
            }
        }
        id.append(parts[parts.length - 1]);
        return id + "-az" + (zone.charAt(zone.length() - 1) - 'a' + 1);
    }
}
