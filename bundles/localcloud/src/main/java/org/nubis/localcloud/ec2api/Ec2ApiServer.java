package org.nubis.localcloud.ec2api;

import com.sun.net.httpserver.HttpExchange;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.nubis.localcloud.LoopbackHttpServer;
import org.nubis.localcloud.engine.CloudException;
import org.nubis.localcloud.engine.SandboxCloud;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EC2-compatible face: EC2's Query API (form-encoded POST to "/", XML answers, API version 2016-11-15)
 * on 127.0.0.1, signed with AWS Signature Version 4, on top of the same engine as the native API.
 * This class does the HTTP part (authentication, throttling, dispatch, error answers); the action groups
 * do the rest.
 */
public final class Ec2ApiServer implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Ec2ApiServer.class);
    private static final int MAX_BODY = 1024 * 1024;

    static {
        // As in the native API: no Nagle delay between the JDK server's header and body writes.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SandboxCloud engine;
    private final SigV4Verifier verifier;
    private final Runnable onRequest;
    private final Map<String, Ec2Action> actions = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final LoopbackHttpServer server;

    /**
     * @param home      where HOME/ec2.json (key pairs, security groups) is kept
     * @param onRequest told of every authenticated request (the idle exit counts from the last one)
     */
    public Ec2ApiServer(SandboxCloud engine, Path home, Ec2Config config, Ec2Credentials credentials,
            Runnable onRequest) throws IOException {
        this.engine = engine;
        this.verifier = new SigV4Verifier(credentials, Clock.systemUTC());
        this.onRequest = onRequest;
        Ec2Store store = Ec2Store.open(home);
        Ec2Instances instances = new Ec2Instances(engine, config, store);
        actions.put("RunInstances", new RunInstancesAction(instances, store, config));
        new InstanceActions(instances, store).register(actions);
        new InstanceStatusAction(instances).register(actions);
        new TagActions(instances, store).register(actions);
        new KeyPairActions(store).register(actions);
        new SecurityGroupActions(store, instances).register(actions);
        new CatalogActions(engine.config().images(), config).register(actions);
        this.server = new LoopbackHttpServer("ec2-api", config.port(), this::handle);
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        String action = null;
        try (exchange) {
            try {
                byte[] body = readBody(exchange);
                String method = exchange.getRequestMethod();
                if (!method.equals("POST") && !method.equals("GET")) {
                    throw Ec2Error.client("InvalidAction", "EC2 requests are POST (or GET) to /, not " + method);
                }
                verifier.verify(new SigV4Verifier.SignedRequest(method, exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body));
                onRequest.run();
                QueryParams params = QueryParams.parse(exchange.getRequestURI().getRawQuery(), formBody(exchange, body));
                action = params.get("Action");
                throttle();
                Ec2Action handler = action == null ? null : actions.get(action);
                if (handler == null) {
                    throw Ec2Error.client("InvalidAction", action == null || action.isEmpty()
                            ? "The request must contain the parameter Action"
                            : "The action " + action + " is not valid for this web service.");
                }
                if (params.bool("DryRun")) {
                    throw new Ec2Error(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
                }
                XmlWriter xml = XmlWriter.response(action, requestId);
                handler.run(params, xml);
                send(exchange, 200, xml.bytes());
            } catch (Ec2Error e) {
                sendError(exchange, action, e.status(), e.code(), e.getMessage(), requestId);
            } catch (CloudException e) {
                Ec2Error error = translate(e);
                sendError(exchange, action, error.status(), error.code(), error.getMessage(), requestId);
            } catch (IllegalStateException e) {
                // The engine is shutting down; SDKs retry a 503.
                sendError(exchange, action, 503, "Unavailable", "The service is unavailable. Please try again shortly.",
                        requestId);
            } catch (RuntimeException e) {
                LOG.warn("EC2 {} failed (request {})", action, requestId, e);
                sendError(exchange, action, 500, "InternalError", "An internal error has occurred", requestId);
            }
        }
    }

    /** ec2ThrottleRate: that fraction of requests answers RequestLimitExceeded (503), which SDKs retry. */
    private void throttle() {
        double rate = engine.knobs().get().ec2ThrottleRate();
        if (rate > 0 && random.nextDouble() < rate) {
            throw new Ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.");
        }
    }

    private static Ec2Error translate(CloudException e) {
        return switch (e.kind()) {
            case INVALID_REQUEST -> Ec2Error.invalidValue(e.getMessage());
            case NOT_FOUND -> Ec2Error.client("InvalidInstanceID.NotFound", e.getMessage());
            case CONFLICT -> Ec2Error.client("IncorrectInstanceState", e.getMessage());
            case CAPACITY -> Ec2Error.insufficientCapacity(e.getMessage());
        };
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw Ec2Error.client("RequestEntityTooLarge", "The request body is larger than " + MAX_BODY + " bytes");
            }
            return body;
        }
    }

    /** The body as form parameters, unless it is declared as something else. */
    private static String formBody(HttpExchange exchange, byte[] body) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (body.length == 0 || (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))) {
            return null;
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private static void sendError(HttpExchange exchange, String action, int status, String code, String message,
            String requestId) throws IOException {
        if (status >= 500 && !code.equals("RequestLimitExceeded")) {
            LOG.info("EC2 {}: {} {}", action, code, message);
        } else {
            LOG.debug("EC2 {}: {} {}", action, code, message);
        }
        send(exchange, status, XmlWriter.error(code, message, requestId));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
