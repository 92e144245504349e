package org.nubis.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.nubis.api.auth.ApiKey;
import org.nubis.api.auth.NewApiKey;
import org.nubis.api.auth.Role;
import org.nubis.api.cloud.CloudDetails;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.ProviderInfo;
import org.nubis.api.cluster.Cluster;
import org.nubis.api.cluster.ClusterDetails;
import org.nubis.api.experiment.Experiment;
import org.nubis.api.experiment.ExperimentDetails;
import org.nubis.api.experiment.ProvisionRequest;
import org.nubis.api.machine.Machine;
import org.nubis.api.ssh.CommandResult;
import org.nubis.api.ssh.TransferResult;

/**
 * A client of the Nubis REST API v1 ({@code bundles/rest/API.md}): one typed method per resource.
 *
 * <pre>{@code
 * try (NubisClient nubis = NubisClient.builder()
 *         .baseUri(URI.create("http://localhost:8181/nubis/api/v1"))
 *         .apiKey(accessKey, secret)
 *         .build()) {
 *     nubis.createExperiment("demo");
 *     List<Machine> up = nubis.provision("demo", 3).awaitResult(Duration.ofMinutes(5));
 * }
 * }</pre>
 *
 * <p>Lists come back whole (every page is read). Long work answers an {@link OperationHandle} at once;
 * {@link OperationHandle#awaitResult(Duration)} waits for it. Errors are {@link NubisApiException}s.
 * Thread-safe: share one client between threads (they share its connections and its token).
 */
public final class NubisClient implements AutoCloseable {

    private final Transport transport;
    private final Requests requests;
    private final Pager pager;
    private final ObjectMapper json;
    private final Set<EventSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private NubisClient(Builder b) {
        HttpClient http = b.httpClient != null ? b.httpClient : HttpClient.newBuilder()
                // HTTP/1.1 on purpose: over plain http the JDK would otherwise try an h2c upgrade
                // on every new connection, which Karaf's Jetty does not need.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.json = Json.mapper();
        this.transport = new Transport(http, b.baseUri, json, new Backoff(b.backoffBase, b.backoffMax), b.maxRetries,
                b.requestTimeout);
        Authenticator auth = b.accessKey != null ? new TokenSession(transport, b.accessKey, b.secret, b.renewBefore)
                : b.user != null ? new BasicCredentials(b.user, b.password)
                : Authenticator.NONE;
        this.requests = new Requests(transport, auth);
        this.pager = new Pager(requests, b.pageSize);
    }

    public static Builder builder() {
        return new Builder();
    }

    public URI baseUri() {
        return transport.baseUri();
    }

    // ---- authentication and API keys --------------------------------------------------------

    /** Who the server takes this client for. */
    public Identity whoami() {
        return read(Call.get("/auth/whoami"), Identity.class);
    }

    /**
     * Creates an API key for the caller.
     *
     * @param role        what its tokens may do (at most the caller's role), or null for the caller's
     * @param description a note for the key list, or null
     * @return the key and its secret: the only time the secret is seen
     */
    public NewApiKey createKey(Role role, String description) {
        return read(post("/auth/keys", Json.object("description", description, "role", role)), NewApiKey.class);
    }

    /** The caller's keys (an admin: everyone's), revoked ones included. */
    public List<ApiKey> keys() {
        return list("/auth/keys", new Urls.Query(), ApiKey.class);
    }

    /** One user's keys (admin only). */
    public List<ApiKey> keys(String user) {
        return list("/auth/keys", new Urls.Query().add("user", user), ApiKey.class);
    }

    public ApiKey key(String accessKey) {
        return read(Call.get("/auth/keys/" + Urls.segment(accessKey)), ApiKey.class);
    }

    /** Revokes a key: tokens from it stop working at once. */
    public ApiKey revokeKey(String accessKey) {
        return read(Call.delete("/auth/keys/" + Urls.segment(accessKey)), ApiKey.class);
    }

    // ---- providers and clouds ---------------------------------------------------------------

    /** Provider types deployed now. */
    public List<ProviderInfo> providers() {
        return list("/providers", new Urls.Query(), ProviderInfo.class);
    }

    public List<CloudDetails> clouds() {
        return list("/clouds", new Urls.Query(), CloudDetails.class);
    }

    public CloudDetails cloud(String name) {
        return read(Call.get("/clouds/" + Urls.segment(name)), CloudDetails.class);
    }

    /**
     * Defines or updates a cloud (admin). On update, credentials not given are kept and a null value
     * removes one. Credentials are sent in the body only and never appear in messages.
     */
    public CloudDetails defineCloud(String name, String type, Map<String, String> settings,
                                    Map<String, String> credentials) {
        Map<String, Object> body = Json.object("type", type, "settings", settings == null ? Map.of() : settings);
        if (credentials != null) {
            body.put("credentials", credentials); // null values kept: they mean "remove"
        }
        return read(Call.json("PUT", "/clouds/" + Urls.segment(name), Json.write(json, body)), CloudDetails.class);
    }

    /** Removes a cloud (admin); 409 while experiments or clusters still have instances there. */
    public void removeCloud(String name) {
        requests.discard(Call.delete("/clouds/" + Urls.segment(name)));
    }

    /** What the cloud itself reports, whatever Nubis's records say. */
    public List<CloudInstance> cloudInstances(String cloud) {
        return list("/clouds/" + Urls.segment(cloud) + "/instances", new Urls.Query(), CloudInstance.class);
    }

    // ---- experiments ------------------------------------------------------------------------

    public List<Experiment> experiments() {
        return list("/experiments", new Urls.Query(), Experiment.class);
    }

    public Experiment createExperiment(String name) {
        return read(post("/experiments", Json.object("name", name)), Experiment.class);
    }

    public ExperimentDetails experiment(String name) {
        return read(Call.get(experimentPath(name)), ExperimentDetails.class);
    }

    /** Deprovisions every instance of the experiment, then forgets it. */
    public OperationHandle<JsonNode> destroyExperiment(String name) {
        return submit(Call.delete(experimentPath(name)), type(JsonNode.class));
    }

    /** The experiment's instances that carry all the tags (none: all of them). */
    public List<Machine> instances(String experiment, String... tags) {
        return list(experimentPath(experiment) + "/instances", new Urls.Query().addAll("tag", tags(tags)),
                Machine.class);
    }

    /** Launches instances; the result is the new instances. Count 0 means the server's default (1). */
    public OperationHandle<List<Machine>> provision(String experiment, ProvisionRequest request) {
        Map<String, Object> body = Json.object("cloud", request.cloud(), "image", request.image(),
                "flavor", request.flavor(), "count", request.count() > 0 ? request.count() : null,
                "tags", request.tags().isEmpty() ? null : request.tags(), "userData", request.userData());
        return submit(post(experimentPath(experiment) + "/provision", body), listOf(Machine.class));
    }

    /** Launches {@code count} instances with the given tags on the default cloud, image and flavor. */
    public OperationHandle<List<Machine>> provision(String experiment, int count, String... tags) {
        return provision(experiment, new ProvisionRequest(null, null, null, count, Set.copyOf(tags(tags))));
    }

    /**
     * Waits, on the server, until the tagged instances answer SSH; the result is those instances.
     * (The operation's own timeout; wait for the operation with {@link OperationHandle#awaitResult}.)
     *
     * @param timeout how long the server waits for the instances, or null for its default
     */
    public OperationHandle<List<Machine>> await(String experiment, Duration timeout, String... tags) {
        return submit(post(experimentPath(experiment) + "/wait", Json.object("tags", tagsOrNull(tags),
                "timeoutSeconds", timeout == null ? null : seconds(timeout))), listOf(Machine.class));
    }

    /** Runs a command on the tagged instances, in parallel; fails (422) when any exits non-zero. */
    public OperationHandle<List<CommandResult>> run(String experiment, String command, String... tags) {
        return run(experiment, command, null, true, Arrays.asList(tags));
    }

    /**
     * @param user           login user, or null for each instance's own
     * @param checkExitCode  false to report non-zero exits in the results instead of failing
     */
    public OperationHandle<List<CommandResult>> run(String experiment, String command, String user,
                                                    boolean checkExitCode, Collection<String> tags) {
        Objects.requireNonNull(command, "command");
        return submit(post(experimentPath(experiment) + "/run", Json.object("command", command,
                "tags", tags == null || tags.isEmpty() ? null : List.copyOf(tags), "user", user,
                "checkExitCode", checkExitCode)), listOf(CommandResult.class));
    }

    /**
     * {@link #run(String, String, String, boolean, Collection)} in one request when it is quick: the
     * server waits up to {@code wait} (at most 60 s) for the operation to end and then answers it
     * ended, so that the handle's {@link OperationHandle#awaitResult} needs no further request. A
     * longer run comes back running, as without the wait.
     */
    public OperationHandle<List<CommandResult>> run(String experiment, String command, String user,
                                                    boolean checkExitCode, Collection<String> tags, Duration wait) {
        Objects.requireNonNull(command, "command");
        long s = Math.max(0, Math.min(OperationHandle.MAX_WAIT_SECONDS, seconds(wait)));
        return submit(post(experimentPath(experiment) + "/run?wait=" + s, Json.object("command", command,
                "tags", tags == null || tags.isEmpty() ? null : List.copyOf(tags), "user", user,
                "checkExitCode", checkExitCode))
                // The answer may take the whole wait: the request timeout starts after it.
                .timeout(transport.requestTimeout().plusSeconds(s)), listOf(CommandResult.class));
    }

    /** Copies a local file to {@code remotePath} on the tagged instances. */
    public OperationHandle<List<TransferResult>> putFile(String experiment, Path local, String remotePath,
                                                         String... tags) {
        if (!Files.isReadable(local) || Files.isDirectory(local)) {
            throw new IllegalArgumentException("not a readable file: " + local);
        }
        return putFile(experiment, () -> {
            try {
                return BodyPublishers.ofFile(local); // opened again for each attempt
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, remotePath, tags);
    }

    /** Writes {@code data} to {@code remotePath} on the tagged instances. */
    public OperationHandle<List<TransferResult>> putFile(String experiment, byte[] data, String remotePath,
                                                         String... tags) {
        byte[] copy = data.clone();
        return putFile(experiment, () -> BodyPublishers.ofByteArray(copy), remotePath, tags);
    }

    private OperationHandle<List<TransferResult>> putFile(String experiment,
                                                          Supplier<BodyPublisher> body,
                                                          String remotePath, String... tags) {
        Objects.requireNonNull(remotePath, "remotePath");
        String target = experimentPath(experiment) + "/files"
                + new Urls.Query().add("path", remotePath).addAll("tag", tags(tags));
        return submit(new Call("PUT", target, body, Call.OCTETS, Call.JSON, null), listOf(TransferResult.class));
    }

    /**
     * Copies {@code remotePath} from the tagged instances to the server; then get each instance's
     * copy with {@link #downloadFetched}.
     */
    public OperationHandle<List<TransferResult>> fetch(String experiment, String remotePath, String... tags) {
        return submit(post(experimentPath(experiment) + "/fetch", Json.object("path", remotePath,
                "tags", tagsOrNull(tags))), listOf(TransferResult.class));
    }

    /**
     * Downloads the file a {@link #fetch} operation got from one instance into {@code target}
     * (replaced; written to a temporary file first, so a failed download leaves no half file).
     */
    public Path downloadFetched(String operationId, String instanceId, Path target) {
        Path dir = target.toAbsolutePath().getParent();
        Path partial;
        try {
            Files.createDirectories(dir);
            partial = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            requests.send(new Call("GET", "/operations/" + Urls.segment(operationId) + "/files/"
                    + Urls.segment(instanceId), null, null, Call.OCTETS, null), BodyHandlers.ofFile(partial));
            return Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a leftover .part file is harmless
            }
        }
    }

    /** Terminates the tagged instances (none: all); the result is the instances as they ended. */
    public OperationHandle<List<Machine>> deprovision(String experiment, String... tags) {
        return submit(post(experimentPath(experiment) + "/deprovision", Json.object("tags", tagsOrNull(tags))),
                listOf(Machine.class));
    }

    // ---- clusters ---------------------------------------------------------------------------

    public List<Cluster> clusters() {
        return list("/clusters", new Urls.Query(), Cluster.class);
    }

    /** Creates a cluster from a template (not started). */
    public Cluster createCluster(String name, String template, Map<String, String> overrides) {
        return read(post("/clusters", Json.object("name", name, "template", template,
                "overrides", overrides == null || overrides.isEmpty() ? null : overrides)), Cluster.class);
    }

    public ClusterDetails cluster(String name) {
        return read(Call.get(clusterPath(name)), ClusterDetails.class);
    }

    public List<Machine> nodes(String cluster) {
        return list(clusterPath(cluster) + "/nodes", new Urls.Query(), Machine.class);
    }

    /** The cluster's Ansible-style inventory. */
    public String inventory(String cluster) {
        return requests.send(Call.get(clusterPath(cluster) + "/inventory").accept("text/plain"),
                BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    }

    /**
     * Starts a cluster's nodes.
     *
     * @param minNodes the fewest nodes to accept, or null for all
     * @param timeout  how long the server waits for the nodes, or null for the template's
     */
    public OperationHandle<Cluster> startCluster(String name, Integer minNodes, Duration timeout) {
        return submit(post(clusterPath(name) + "/start", Json.object("minNodes", minNodes,
                "timeoutSeconds", timeout == null ? null : seconds(timeout))), type(Cluster.class));
    }

    public OperationHandle<Cluster> setupCluster(String name) {
        return submit(post(clusterPath(name) + "/setup", null), type(Cluster.class));
    }

    /** Adds (delta &gt; 0) or removes (delta &lt; 0) nodes of one kind. */
    public OperationHandle<Cluster> resizeCluster(String name, String kind, int delta) {
        return submit(post(clusterPath(name) + "/resize", Json.object("kind", kind, "delta", delta)),
                type(Cluster.class));
    }

    public OperationHandle<Cluster> stopCluster(String name) {
        return submit(post(clusterPath(name) + "/stop", null), type(Cluster.class));
    }

    /** Stops the cluster if needed, then deletes it; the result is null. */
    public OperationHandle<JsonNode> deleteCluster(String name) {
        return submit(Call.delete(clusterPath(name)), type(JsonNode.class));
    }

    /** The cluster templates. */
    public List<TemplateInfo> templates() {
        return list("/templates", new Urls.Query(), TemplateInfo.class);
    }

    // ---- operations -------------------------------------------------------------------------

    /** Operations kept by the server (24 h, at most 1000), newest first. */
    public List<Operation> operations() {
        return list("/operations", new Urls.Query(), Operation.class);
    }

    public Operation operation(String id) {
        return read(Call.get(operationPath(id)), Operation.class);
    }

    /**
     * The operation as soon as it finishes, or after {@code wait} (at most 60 s) if it has not:
     * the server's long poll.
     */
    public Operation operation(String id, Duration wait) {
        long s = Math.max(0, Math.min(OperationHandle.MAX_WAIT_SECONDS, seconds(wait)));
        return read(Call.get(operationPath(id) + "?wait=" + s)
                // The answer may take the whole wait: the request timeout starts after it.
                .timeout(transport.requestTimeout().plusSeconds(s)), Operation.class);
    }

    /** A handle on an operation started elsewhere (another client, the shell). */
    public OperationHandle<JsonNode> follow(String id) {
        return new OperationHandle<>(this, operation(id), type(JsonNode.class));
    }

    /** Asks the server to cancel an operation; 409 {@code operation_finished} when it has ended. */
    public Operation cancel(String id) {
        return read(post(operationPath(id) + "/cancel", null), Operation.class);
    }

    // ---- events -----------------------------------------------------------------------------

    /**
     * Receives the events that match {@code filter} on a background thread until the subscription
     * is closed. A subscription that ends on an error logs it; see the three-argument form.
     */
    public EventSubscription subscribe(EventFilter filter, Consumer<NubisEvent> listener) {
        return subscribe(filter, listener, e -> Transport.LOG.log(System.Logger.Level.WARNING,
                "event subscription ended: " + e.getMessage()));
    }

    /**
     * @param onError told once when the subscription ends because the server refused it (403, a
     *                revoked key...); connection failures are retried, not reported
     */
    public EventSubscription subscribe(EventFilter filter, Consumer<NubisEvent> listener,
                                       Consumer<NubisApiException> onError) {
        ensureOpen();
        EventSubscription[] self = new EventSubscription[1];
        EventSubscription s = new EventSubscription(requests, filter, Objects.requireNonNull(listener),
                Objects.requireNonNull(onError), () -> subscriptions.remove(self[0]));
        self[0] = s;
        subscriptions.add(s);
        s.start();
        return s;
    }

    // ---- other ------------------------------------------------------------------------------

    /** The OpenAPI 3 description of the API, fetched without logging in. */
    public JsonNode openApi() {
        ensureOpen();
        return Json.tree(json, transport.send(Call.get("/openapi.json"), null, BodyHandlers.ofByteArray()).body());
    }

    /** Whether the API is up ({@code {"status": "up"}}), asked without logging in. */
    public JsonNode health() {
        ensureOpen();
        return Json.tree(json, transport.send(Call.get("/health"), null, BodyHandlers.ofByteArray()).body());
    }

    /** Closes the event subscriptions; further calls fail. */
    @Override
    public void close() {
        closed = true;
        for (EventSubscription s : List.copyOf(subscriptions)) {
            s.close();
        }
        // Java 17's HttpClient has no close(): its connections and threads go when it is unreachable.
    }

    @Override
    public String toString() {
        return "NubisClient[" + transport.baseUri() + ", " + requests.auth() + "]";
    }

    ObjectMapper json() {
        return json;
    }

    // ---- plumbing ---------------------------------------------------------------------------

    private <T> T read(Call call, Class<T> type) {
        ensureOpen();
        return requests.read(call, type);
    }

    private <T> List<T> list(String path, Urls.Query filters, Class<T> itemType) {
        ensureOpen();
        return pager.all(path, filters, json.constructType(itemType));
    }

    private <R> OperationHandle<R> submit(Call call, JavaType resultType) {
        ensureOpen();
        Operation op = requests.read(call, Operation.class);
        if (op == null || op.id() == null) {
            throw new NubisApiException(0, "invalid_response", "no operation in the answer", call.describe(), null);
        }
        return new OperationHandle<>(this, op, resultType);
    }

    private Call post(String target, Map<String, Object> body) {
        return Call.json("POST", target, Json.write(json, body == null ? Map.of() : body));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the Nubis client is closed");
        }
    }

    private JavaType type(Class<?> type) {
        return json.constructType(type);
    }

    private JavaType listOf(Class<?> item) {
        return TypeFactory.defaultInstance().constructCollectionType(List.class, item);
    }

    private static List<String> tags(String... tags) {
        return tags == null ? List.of() : List.of(tags);
    }

    private static List<String> tagsOrNull(String... tags) {
        return tags == null || tags.length == 0 ? null : List.of(tags);
    }

    /** Whole seconds, rounded up: a timeout is never made shorter. */
    private static long seconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }

    private static String experimentPath(String name) {
        return "/experiments/" + Urls.segment(name);
    }

    private static String clusterPath(String name) {
        return "/clusters/" + Urls.segment(name);
    }

    private static String operationPath(String id) {
        return "/operations/" + Urls.segment(id);
    }

    /**
     * Settings of a {@link NubisClient}. Only {@code baseUri} is required; without a login only
     * {@link NubisClient#openApi()} works.
     */
    public static final class Builder {
        private URI baseUri;
        private String accessKey;
        private String secret;
        private String user;
        private String password;
        private Duration renewBefore = Duration.ofSeconds(60);
        private int maxRetries = 4;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration backoffBase = Duration.ofMillis(250);
        private Duration backoffMax = Duration.ofSeconds(10);
        private int pageSize = 500;
        private HttpClient httpClient;

        private Builder() {
        }

        /** The API's root, e.g. {@code http://localhost:8181/nubis/api/v1}. */
        public Builder baseUri(URI uri) {
            this.baseUri = Objects.requireNonNull(uri, "baseUri");
            return this;
        }

        public Builder baseUri(String uri) {
            return baseUri(URI.create(uri));
        }

        /** Log in with an API key, traded for renewed bearer tokens. Replaces {@link #basic}. */
        public Builder apiKey(String accessKey, String secret) {
            this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
            this.secret = Objects.requireNonNull(secret, "secret");
            this.user = null;
            this.password = null;
            return this;
        }

        /** Log in with a Karaf user and password on every request. Replaces {@link #apiKey}. */
        public Builder basic(String user, String password) {
            this.user = Objects.requireNonNull(user, "user");
            this.password = Objects.requireNonNull(password, "password");
            this.accessKey = null;
            this.secret = null;
            return this;
        }

        /** How long before a token's expiry to renew it (default 60 s; at most half its lifetime is used). */
        public Builder renewBefore(Duration d) {
            this.renewBefore = positiveOrZero(d, "renewBefore");
            return this;
        }

        /** Retries of a request refused with 429 or 503 or, if idempotent, cut off (default 4; 0: none). */
        public Builder maxRetries(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0");
            }
            this.maxRetries = n;
            return this;
        }

        /** How long to wait for an answer's headers (default 30 s; long polls add their wait). */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d, "requestTimeout");
            return this;
        }

        /** How long to wait for a connection (default 10 s). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        /** First retry delay and the cap of the exponential backoff (default 250 ms, 10 s). */
        public Builder backoff(Duration base, Duration max) {
            this.backoffBase = positive(base, "backoff base");
            this.backoffMax = positive(max, "backoff max");
            return this;
        }

        /** Items asked per page when reading lists (1..1000, default 500). */
        public Builder pageSize(int n) {
            if (n < 1 || n > 1000) {
                throw new IllegalArgumentException("pageSize must be 1..1000");
            }
            this.pageSize = n;
            return this;
        }

        /** A ready HttpClient (proxy, TLS settings); then connectTimeout is its own. */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "httpClient");
            return this;
        }

        public NubisClient build() {
            if (baseUri == null) {
                throw new IllegalStateException("baseUri is required");
            }
            if (!"http".equals(baseUri.getScheme()) && !"https".equals(baseUri.getScheme())) {
                throw new IllegalArgumentException("baseUri must be http or https: " + baseUri);
            }
            return new NubisClient(this);
        }

        @Override
        public String toString() {
            return "NubisClient.Builder[" + baseUri + ", " + (accessKey != null ? "api-key " + accessKey
                    : user != null ? "basic " + user : "anonymous") + "]";
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }

        private static Duration positiveOrZero(Duration d, String what) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative");
            }
            return d;
        }
    }
}
