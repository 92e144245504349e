package org.nubis.repository.jpa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nubis.api.NubisException;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;

/**
 * The stored form of a cluster's spec: JSON with named fields written and read one by one, so
 * that renaming a Java component or field never changes stored data. Kinds are an array, in
 * template order; maps are objects with sorted keys; absent values are {@code null}. Format:
 *
 * <pre>
 * {"format":1,"name":"slurm","cloud":"local","loginUser":null,"setupProvider":"script",
 *  "setupVars":{"k":"v"},"options":{"k":"v"},"startTimeoutSeconds":600,"setupTimeoutSeconds":1800,
 *  "source":"etc/nubis/clusters/slurm.yaml",
 *  "kinds":[{"name":"frontend","count":1,"minCount":1,"image":null,"flavor":null,"setupGroups":[],
 *            "setupScripts":[],"refreshScripts":[],"options":{}}]}
 * </pre>
 *
 * Readers ignore fields they do not know and take missing ones as absent (empty, zero), so a
 * later format may add fields.
 */
final class ClusterSpecJson {

    static final int FORMAT = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ClusterSpecJson() {
    }

    static String write(ClusterTemplate t) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("name", t.name());
        root.put("cloud", t.cloud());
        root.put("loginUser", t.loginUser());
        root.put("setupProvider", t.setupProvider());
        root.set("setupVars", map(t.setupVars()));
        root.set("options", map(t.options()));
        root.put("startTimeoutSeconds", t.startTimeoutSeconds());
        root.put("setupTimeoutSeconds", t.setupTimeoutSeconds());
        root.put("source", t.source());
        ArrayNode kinds = root.putArray("kinds");
        for (Map.Entry<String, NodeKind> entry : t.kinds().entrySet()) {
            NodeKind k = entry.getValue();
            ObjectNode kind = kinds.addObject();
            kind.put("name", k.name());
            if (!entry.getKey().equals(k.name())) {
                kind.put("key", entry.getKey()); // the template's key for it, when it differs
            }
            kind.put("count", k.count());
            kind.put("minCount", k.minCount());
            kind.put("image", k.image());
            kind.put("flavor", k.flavor());
            kind.set("setupGroups", list(k.setupGroups()));
            kind.set("setupScripts", list(k.setupScripts()));
            kind.set("refreshScripts", list(k.refreshScripts()));
            kind.set("options", map(k.options()));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write cluster spec as JSON", e);
        }
    }

    /** @param what names the owner in error messages */
    static ClusterTemplate read(String json, String what) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new NubisException(what + ": the stored spec is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new NubisException(what + ": the stored spec is not a JSON object");
        }
        int format = root.path("format").asInt(FORMAT);
        if (format > FORMAT) {
            throw new NubisException(what + ": the stored spec has format " + format
                    + ", newer than this Nubis reads (" + FORMAT + ")");
        }
        Map<String, NodeKind> kinds = new LinkedHashMap<>();
        for (JsonNode k : root.path("kinds")) {
            NodeKind kind = new NodeKind(text(k, "name"), k.path("count").asInt(0), k.path("minCount").asInt(0),
                    text(k, "image"), text(k, "flavor"), stringList(k.get("setupGroups")), stringList(k.get("setupScripts")),
                    stringList(k.get("refreshScripts")), stringMap(k.get("options"), what));
            String key = text(k, "key");
            kinds.put(key != null ? key : kind.name(), kind);
        }
        return new ClusterTemplate(text(root, "name"), text(root, "cloud"), text(root, "loginUser"), kinds,
                text(root, "setupProvider"), stringMap(root.get("setupVars"), what), stringMap(root.get("options"), what),
                root.path("startTimeoutSeconds").asInt(0), root.path("setupTimeoutSeconds").asInt(0),
                text(root, "source"));
    }

    private static ObjectNode map(Map<String, String> map) {
        ObjectNode node = MAPPER.createObjectNode();
        new TreeMap<>(map).forEach(node::put);
        return node;
    }

    private static ArrayNode list(List<String> list) {
        ArrayNode node = MAPPER.createArrayNode();
        list.forEach(node::add);
        return node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> stringList(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            for (JsonNode item : array) {
                out.add(item.isNull() ? null : item.asText());
            }
        }
        return out;
    }

    private static Map<String, String> stringMap(JsonNode object, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (object != null && !object.isNull()) {
            if (!object.isObject()) {
                throw new NubisException(what + ": the stored spec has a map that is not a JSON object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
            }
        }
        return out;
    }
}
