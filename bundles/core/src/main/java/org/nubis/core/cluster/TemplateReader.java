package org.nubis.core.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.cluster.TemplateException;
import org.nubis.core.Echo;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a cluster template from YAML and checks all of it: every error is collected, each naming
 * its field, and reported at once in one {@link TemplateException}.
 *
 * <pre>
 * cloud: local                 # optional: the default cloud
 * login: {user: root}          # optional: each image's user
 * startTimeout: 600            # seconds
 * setupTimeout: 1800
 * setup: {provider: script, vars: {key: value}}
 * options: {securityGroup: nubis}
 * kinds:
 *   frontend: {count: 1, image: sandbox, flavor: small, setup: {groups: [master], scripts: [f.sh]}}
 *   compute:  {count: 4, minCount: 2, setup: {groups: [worker], scripts: [c.sh], refresh: [hosts.sh]}}
 * </pre>
 */
final class TemplateReader {

    static final int DEFAULT_START_TIMEOUT = 600;
    static final int DEFAULT_SETUP_TIMEOUT = 1800;
    static final int MAX_NODES = 10_000;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Set<String> TOP = Set.of("description", "cloud", "login", "startTimeout", "setupTimeout", "setup",
            "options", "kinds");
    private static final Set<String> KIND = Set.of("count", "minCount", "image", "flavor", "options", "setup");
    private static final Set<String> KIND_SETUP = Set.of("groups", "scripts", "refresh");

    private final List<String> errors = new ArrayList<>();

    private TemplateReader() {
    }

    /** @param source where the text came from (a file path), for messages and relative paths */
    static ClusterTemplate read(String name, String yaml, String source) {
        return new TemplateReader().parse(name, yaml, source);
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new TemplateException(String.valueOf(Echo.of(name)), List.of("name: use 1-32 lower-case letters, digits, '-' or '_', starting with a letter"));
        }
    }

    private ClusterTemplate parse(String name, String yaml, String source) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new TemplateException(source, List.of("not valid YAML: " + oneLine(e.getMessage())));
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new TemplateException(source, List.of("the template must be a YAML mapping with at least 'kinds'"));
        }
        unknownKeys(top, TOP, "");
        String cloud = string(top, "cloud", "cloud");
        TemplateShapes.CLOUD.check(cloud, "cloud", errors);
        Map<?, ?> login = map(top, "login", "login");
        String user = login == null ? null : string(login, "user", "login.user");
        TemplateShapes.USER.check(user, "login.user", errors);
        if (login != null) {
            unknownKeys(login, Set.of("user"), "login.");
        }
        int startTimeout = positive(top, "startTimeout", "startTimeout", DEFAULT_START_TIMEOUT);
        int setupTimeout = positive(top, "setupTimeout", "setupTimeout", DEFAULT_SETUP_TIMEOUT);
        Map<?, ?> setup = map(top, "setup", "setup");
        String provider = null;
        Map<String, String> vars = Map.of();
        if (setup != null) {
            unknownKeys(setup, Set.of("provider", "vars"), "setup.");
            provider = string(setup, "provider", "setup.provider");
            TemplateShapes.PROVIDER.check(provider, "setup.provider", errors);
            vars = scalars(setup, "vars", "setup.vars");
            vars.keySet().forEach(v -> TemplateShapes.VARIABLE.check(v, "setup.vars." + v, errors));
        }
        Map<String, String> options = scalars(top, "options", "options");
        Map<String, NodeKind> kinds = kinds(top);
        if (!errors.isEmpty()) {
            throw new TemplateException(source, errors);
        }
        return new ClusterTemplate(name, cloud, user, kinds, provider, vars, options, startTimeout, setupTimeout, source);
    }

    private Map<String, NodeKind> kinds(Map<?, ?> top) {
        Map<String, NodeKind> kinds = new LinkedHashMap<>();
        Map<?, ?> raw = map(top, "kinds", "kinds");
        if (raw == null) {
            errors.add("kinds: missing; a template needs at least one kind of node, e.g. kinds: {node: {count: 1}}");
            return kinds;
        }
        if (raw.isEmpty()) {
            errors.add("kinds: empty; a template needs at least one kind of node");
        }
        long total = 0;
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            String kindName = String.valueOf(e.getKey());
            String at = "kinds." + kindName;
            if (!NAME.matcher(kindName).matches()) {
                errors.add(at + ": invalid kind name; use 1-32 lower-case letters, digits, '-' or '_', starting with a letter");
            }
            Map<?, ?> k = e.getValue() == null ? Map.of() : asMap(e.getValue(), at);
            if (k == null) {
                continue;
            }
            unknownKeys(k, KIND, at + ".");
            int count = integer(k, "count", at + ".count", 1, 0, MAX_NODES);
            int minCount = integer(k, "minCount", at + ".minCount", -1, 0, MAX_NODES);
            if (minCount > count) {
                errors.add(at + ".minCount: " + minCount + " is more than count " + count);
            }
            total += count;
            Map<?, ?> ks = map(k, "setup", at + ".setup");
            List<String> groups = List.of();
            List<String> scripts = List.of();
            List<String> refresh = List.of();
            if (ks != null) {
                unknownKeys(ks, KIND_SETUP, at + ".setup.");
                groups = strings(ks, "groups", at + ".setup.groups");
                scripts = strings(ks, "scripts", at + ".setup.scripts");
                refresh = strings(ks, "refresh", at + ".setup.refresh");
            }
            String image = string(k, "image", at + ".image");
            String flavor = string(k, "flavor", at + ".flavor");
            TemplateShapes.IMAGE.check(image, at + ".image", errors);
            TemplateShapes.FLAVOR.check(flavor, at + ".flavor", errors);
            kinds.put(kindName, new NodeKind(kindName, count, minCount, image, flavor, groups, scripts, refresh,
                    scalars(k, "options", at + ".options")));
        }
        if (!raw.isEmpty() && total == 0) {
            errors.add("kinds: every count is 0; a cluster needs at least one node");
        }
        if (total > MAX_NODES) {
            errors.add("kinds: " + total + " nodes in all; at most " + MAX_NODES);
        }
        return kinds;
    }

    private void unknownKeys(Map<?, ?> map, Set<String> known, String prefix) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                errors.add(prefix + key + ": unknown field; known here: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private Map<?, ?> map(Map<?, ?> parent, String key, String at) {
        Object v = parent.get(key);
        return v == null ? null : asMap(v, at);
    }

    private Map<?, ?> asMap(Object v, String at) {
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        errors.add(at + ": must be a mapping (key: value lines), not " + describe(v));
        return null;
    }

    private String string(Map<?, ?> parent, String key, String at) {
        Object v = parent.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            errors.add(at + ": must be a single value, not " + describe(v));
            return null;
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? null : s;
    }

    private int integer(Map<?, ?> parent, String key, String at, int fallback, int min, int max) {
        Object v = parent.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Integer i)) {
            errors.add(at + ": must be a whole number, not " + describe(v));
            return fallback;
        }
        if (i < min || i > max) {
            errors.add(at + ": " + i + " is out of range " + min + ".." + max);
            return fallback;
        }
        return i;
    }

    private int positive(Map<?, ?> parent, String key, String at, int fallback) {
        return integer(parent, key, at, fallback, 1, 7 * 24 * 3600);
    }

    private List<String> strings(Map<?, ?> parent, String key, String at) {
        Object v = parent.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            errors.add(at + ": must be a list, e.g. [a, b], not " + describe(v));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item == null || item instanceof Map || item instanceof List || String.valueOf(item).isBlank()) {
                errors.add(at + "[" + i + "]: must be a non-empty single value");
            } else {
                out.add(String.valueOf(item).trim());
            }
        }
        return out;
    }

    private Map<String, String> scalars(Map<?, ?> parent, String key, String at) {
        Map<?, ?> m = map(parent, key, at);
        if (m == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v instanceof Map || v instanceof List) {
                errors.add(at + "." + k + ": must be a single value, not " + describe(v));
            } else {
                out.put(String.valueOf(k), v == null ? "" : String.valueOf(v));
            }
        });
        return out;
    }

    private static String describe(Object v) {
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        return "'" + v + "'";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
