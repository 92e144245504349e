package org.nubis.localcloud.engine;

/**
 * Where sandbox SSH ports come from: a fixed range from the configuration ({@code sshPorts=40000-40999}),
 * or, when none is set, ports the operating system picks.
 */
public record PortRange(int first, int last) {

    public static final PortRange EPHEMERAL = new PortRange(0, 0);

    public PortRange {
        if (first < 0 || last > 65535 || last < first) {
            throw new IllegalArgumentException("sshPorts must look like 40000-40999, got " + first + "-" + last);
        }
    }

    static PortRange parse(String text) {
        if (text.isEmpty()) {
            return EPHEMERAL;
        }
        String[] bounds = text.split("-");
        try {
            if (bounds.length != 2) {
                throw new NumberFormatException();
            }
            return new PortRange(Integer.parseInt(bounds[0].trim()), Integer.parseInt(bounds[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sshPorts must look like 40000-40999, got '" + text + "'");
        }
    }

    public boolean isEphemeral() {
        return first == 0;
    }

    public boolean contains(int port) {
        return isEphemeral() ? port > 0 : port >= first && port <= last;
    }

    public int size() {
        return last - first + 1;
    }
}
