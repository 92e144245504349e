package org.nubis.provider.staticcloud;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.cloud.CloudSettings;

/** Reads the hosts of a static cloud from its settings {@code hosts} and {@code hostsFile}. */
final class HostList {

    private static final Pattern ENTRY = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([A-Za-z0-9._-]+))(?::(\\d{1,5}))?");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]*");

    private HostList() {
    }

    /** All hosts, {@code hosts} first then {@code hostsFile}; at least one, no duplicates. */
    static List<StaticHost> parse(CloudSettings settings) {
        String cloud = settings.name();
        String user = settings.get("user", System.getProperty("user.name", "root"));
        if (!USER.matcher(user).matches()) {
            throw bad(cloud, "user", "'" + user + "' is not a login name");
        }
        int port = settings.getInt("sshPort", 22);
        if (port < 1 || port > 65535) {
            throw bad(cloud, "sshPort", "must be between 1 and 65535, not " + port);
        }
        Map<String, StaticHost> hosts = new LinkedHashMap<>();
        String inline = settings.get("hosts", null);
        if (inline != null) {
            for (String token : inline.split("[,\\s]+")) {
                if (!token.isEmpty()) {
                    add(hosts, cloud, "hosts", entry(cloud, "hosts", token, port, user));
                }
            }
        }
        String file = settings.get("hostsFile", null);
        if (file != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw bad(cloud, "hostsFile", "cannot read " + file + " (" + e + ")");
            }
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n);
                int hash = line.indexOf('#');
                String[] words = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
                if (words[0].isEmpty()) {
                    continue;
                }
                String where = "hostsFile (" + file + " line " + (n + 1) + ")";
                if (words.length > 2) {
                    throw bad(cloud, where, "expected 'host[:port] [user]', not '" + line.trim() + "'");
                }
                String lineUser = words.length == 2 ? words[1] : user;
                if (!USER.matcher(lineUser).matches()) {
                    throw bad(cloud, where, "'" + lineUser + "' is not a login name");
                }
                add(hosts, cloud, where, entry(cloud, where, words[0], port, lineUser));
            }
        }
        if (hosts.isEmpty()) {
            throw new InvalidRequestException("cloud '" + cloud + "': no hosts; set hosts (e.g. 'lab1, lab2:2222')"
                    + " or hostsFile (one 'host[:port] [user]' per line)");
        }
        return List.copyOf(new ArrayList<>(hosts.values()));
    }

    private static StaticHost entry(String cloud, String setting, String token, int defaultPort, String user) {
        Matcher m = ENTRY.matcher(token);
        if (!m.matches()) {
            throw bad(cloud, setting, "bad entry '" + token + "' (expected host[:port])");
        }
        String host = m.group(1) != null ? m.group(1) : m.group(2);
        int port = defaultPort;
        if (m.group(3) != null) {
            port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) {
                throw bad(cloud, setting, "bad port in '" + token + "' (1 to 65535)");
            }
        }
        return new StaticHost(host, port, user);
    }

    private static void add(Map<String, StaticHost> hosts, String cloud, String setting, StaticHost host) {
        if (hosts.putIfAbsent(host.id(), host) != null) {
            throw bad(cloud, setting, host.id() + " is listed twice");
        }
    }

    private static InvalidRequestException bad(String cloud, String setting, String what) {
        return new InvalidRequestException("cloud '" + cloud + "': setting " + setting + ": " + what);
    }
}
