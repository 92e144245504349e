package org.nubis.core.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.cluster.TemplateException;

/**
 * Applies {@code --set} overrides to a template: {@code KIND.count|minCount|image|flavor},
 * {@code cloud}, {@code login.user}, {@code startTimeout}, {@code setupTimeout},
 * {@code setup.vars.NAME}. Every bad override is reported, at once. The values come from callers
 * of the API and end up in cloud requests, file names and command lines: each has the shape of
 * what it names, and nothing else ({@code ../../x} is no cloud, {@code $(id)} no flavor).
 */
final class TemplateOverrides {

    private TemplateOverrides() {
    }

    static ClusterTemplate apply(ClusterTemplate template, Map<String, String> overrides) {
        List<String> errors = new ArrayList<>();
        ClusterTemplate t = template;
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            String key = o.getKey().trim();
            String value = o.getValue() == null ? "" : o.getValue().trim();
            String at = "--set " + key;
            switch (key) {
                case "cloud" -> {
                    if (TemplateShapes.CLOUD.check(value, at, errors)) {
                        t = with(t, value, t.loginUser(), t.startTimeoutSeconds(), t.setupTimeoutSeconds(), t.setupVars());
                    }
                }
                case "login.user" -> {
                    if (TemplateShapes.USER.check(value, at, errors)) {
                        t = with(t, t.cloud(), value, t.startTimeoutSeconds(), t.setupTimeoutSeconds(), t.setupVars());
                    }
                }
                case "startTimeout" -> {
                    Integer v = number(value, at, 1, errors);
                    if (v != null) {
                        t = with(t, t.cloud(), t.loginUser(), v, t.setupTimeoutSeconds(), t.setupVars());
                    }
                }
                case "setupTimeout" -> {
                    Integer v = number(value, at, 1, errors);
                    if (v != null) {
                        t = with(t, t.cloud(), t.loginUser(), t.startTimeoutSeconds(), v, t.setupVars());
                    }
                }
                default -> t = kindOrVar(t, key, value, at, errors);
            }
        }
        if (!errors.isEmpty()) {
            throw new TemplateException("template " + template.name() + " (" + template.source() + ")", errors);
        }
        return t;
    }

    private static ClusterTemplate kindOrVar(ClusterTemplate t, String key, String value, String at, List<String> errors) {
        if (key.startsWith("setup.vars.") && key.length() > "setup.vars.".length()) {
            String name = key.substring("setup.vars.".length());
            if (!TemplateShapes.VARIABLE.check(name, at, errors)) {
                return t;
            }
            Map<String, String> vars = new LinkedHashMap<>(t.setupVars());
            vars.put(key.substring("setup.vars.".length()), value);
            return with(t, t.cloud(), t.loginUser(), t.startTimeoutSeconds(), t.setupTimeoutSeconds(), vars);
        }
        int dot = key.indexOf('.');
        if (dot < 0) {
            errors.add(at + ": unknown setting; use KIND.count, KIND.minCount, KIND.image, KIND.flavor, cloud, login.user, "
                    + "startTimeout, setupTimeout or setup.vars.NAME");
            return t;
        }
        String kindName = key.substring(0, dot);
        String field = key.substring(dot + 1);
        NodeKind k = t.kinds().get(kindName);
        if (k == null) {
            errors.add(at + ": unknown kind '" + kindName + "'; kinds: " + String.join(", ", t.kinds().keySet()));
            return t;
        }
        switch (field) {
            case "count" -> {
                Integer n = number(value, at, 0, errors);
                return n == null ? t : t.withKind(k.withCount(n));
            }
            case "minCount" -> {
                Integer n = number(value, at, 0, errors);
                if (n != null && n > k.count()) {
                    errors.add(at + ": " + n + " is more than the kind's count " + k.count());
                    return t;
                }
                return n == null ? t : t.withKind(new NodeKind(k.name(), k.count(), n, k.image(), k.flavor(), k.setupGroups(),
                        k.setupScripts(), k.refreshScripts(), k.options()));
            }
            case "image" -> {
                if (!TemplateShapes.IMAGE.check(value, at, errors)) {
                    return t;
                }
                return t.withKind(new NodeKind(k.name(), k.count(), k.minCount(), value, k.flavor(), k.setupGroups(),
                        k.setupScripts(), k.refreshScripts(), k.options()));
            }
            case "flavor" -> {
                if (!TemplateShapes.FLAVOR.check(value, at, errors)) {
                    return t;
                }
                return t.withKind(new NodeKind(k.name(), k.count(), k.minCount(), k.image(), value, k.setupGroups(),
                        k.setupScripts(), k.refreshScripts(), k.options()));
            }
            default -> {
                errors.add(at + ": unknown setting of a kind; use count, minCount, image or flavor");
                return t;
            }
        }
    }

    private static ClusterTemplate with(ClusterTemplate t, String cloud, String user, int start, int setup, Map<String, String> vars) {
        return new ClusterTemplate(t.name(), cloud == null || cloud.isEmpty() ? null : cloud, user == null || user.isEmpty() ? null : user,
                t.kinds(), t.setupProvider(), vars, t.options(), start, setup, t.source());
    }

    private static Integer number(String value, String at, int min, List<String> errors) {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > TemplateReader.MAX_NODES * 10) {
                errors.add(at + ": " + n + " is out of range");
                return null;
            }
            return n;
        } catch (NumberFormatException e) {
            errors.add(at + ": must be a whole number, not '" + value + "'");
            return null;
        }
    }
}
