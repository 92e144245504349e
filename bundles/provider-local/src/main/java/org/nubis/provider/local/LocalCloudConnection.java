package org.nubis.provider.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cloud.CloudConnection;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.InstanceState;
import org.nubis.api.cloud.LaunchSpec;

/** {@link CloudConnection} onto the local cloud's native API (bundles/localcloud/API.md). */
class LocalCloudConnection implements CloudConnection {

    private final String cloudName;
    private final LocalCloudClient client;

    LocalCloudConnection(String cloudName, LocalCloudClient client) {
        this.cloudName = cloudName;
        this.client = client;
    }

    @Override
    public CloudCatalog catalog() {
        JsonNode c = client.get("/v1/catalog");
        return new CloudCatalog(strings(c.path("images")), strings(c.path("flavors")),
                c.path("defaultImage").asText(), c.path("defaultFlavor").asText(), c.path("maxLaunchCount").asInt());
    }

    @Override
    public List<CloudInstance> launch(LaunchSpec spec) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", spec.count());
        body.put("image", spec.image());
        body.put("flavor", spec.flavor());
        body.put("tags", spec.tags());
        body.put("publicKeys", spec.publicKeys());
        if (spec.userData() != null) {
            body.put("userData", spec.userData());
        }
        return instances(client.post("/v1/instances", body));
    }

    @Override
    public List<CloudInstance> describe(Map<String, String> tagFilter) {
        if (client.stoppedAndEmpty()) {
            return List.of();
        }
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        tagFilter.forEach((k, v) -> query.add(encode("tag:" + k) + "=" + encode(v)));
        return instances(client.get("/v1/instances" + query));
    }

    @Override
    public List<CloudInstance> describeIds(Collection<String> cloudIds) {
        if (cloudIds.isEmpty() || client.stoppedAndEmpty()) {
            return List.of();
        }
        List<CloudInstance> found = new ArrayList<>();
        List<String> ids = new ArrayList<>(cloudIds);
        // keep URLs short: a few hundred ids per request
        for (int from = 0; from < ids.size(); from += 200) {
            StringJoiner query = new StringJoiner("&", "?", "");
            ids.subList(from, Math.min(ids.size(), from + 200)).forEach(id -> query.add("id=" + encode(id)));
            found.addAll(instances(client.get("/v1/instances" + query)));
        }
        return found;
    }

    @Override
    public void tag(String cloudId, Map<String, String> tags) {
        client.post("/v1/instances/tags", Map.of("ids", List.of(cloudId), "tags", tags));
    }

    @Override
    public void terminate(Collection<String> cloudIds) {
        act("terminate", cloudIds);
    }

    @Override
    public void stop(Collection<String> cloudIds) {
        act("stop", cloudIds);
    }

    @Override
    public void start(Collection<String> cloudIds) {
        act("start", cloudIds);
    }

    @Override
    public String consoleOutput(String cloudId) {
        return client.getText("/v1/instances/" + encode(cloudId) + "/console");
    }

    private void act(String action, Collection<String> cloudIds) {
        if (!cloudIds.isEmpty()) {
            client.post("/v1/instances/" + action, Map.of("ids", List.copyOf(cloudIds)));
        }
    }

    private List<CloudInstance> instances(JsonNode answer) {
        List<CloudInstance> list = new ArrayList<>();
        for (JsonNode n : answer.path("instances")) {
            list.add(instance(n));
        }
        return list;
    }

    private static CloudInstance instance(JsonNode n) {
        Map<String, String> tags = new LinkedHashMap<>();
        n.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        String launched = n.path("launchedAt").asText(null);
        return new CloudInstance(n.path("id").asText(), InstanceState.parse(n.path("state").asText("pending")),
                text(n, "stateReason"), tags, text(n, "host"), text(n, "privateHost"), n.path("sshPort").asInt(0),
                text(n, "sshUser"), text(n, "image"), text(n, "flavor"),
                launched == null ? null : Instant.parse(launched));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "local cloud '" + cloudName + "'";
    }
}
