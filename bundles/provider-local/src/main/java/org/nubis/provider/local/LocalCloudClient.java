package org.nubis.provider.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.nubis.api.CloudException;
import org.nubis.api.ConflictException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.NotFoundException;

/**
 * HTTP+JSON client of the local cloud's native API. Finds (or starts) the process on first use
 * and again whenever the process it knew stops answering.
 */
class LocalCloudClient {

    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);
    private final LocalCloudProcess process;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final ObjectMapper json = new ObjectMapper();
    private volatile LocalCloudEndpoint endpoint;

    LocalCloudClient(LocalCloudProcess process) {
        this.process = process;
    }

    /** See {@link LocalCloudProcess#stoppedAndEmpty()}. */
    boolean stoppedAndEmpty() {
        return process.stoppedAndEmpty();
    }

    JsonNode get(String pathAndQuery) {
        return parse(send("GET", pathAndQuery, null));
    }

    String getText(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, Object body) {
        return parse(send("POST", path, body));
    }

    private String send(String method, String path, Object body) {
        String payload = body == null ? null : write(body);
        LocalCloudEndpoint ep = endpoint();
        try {
            return exchange(ep, method, path, payload);
        } catch (ConnectException | UnauthorizedException e) {
            // The process we knew has gone (or was replaced): find or start the current one, once.
            endpoint = null;
            try {
                return exchange(endpoint(), method, path, payload);
            } catch (IOException | UnauthorizedException again) {
                throw new CloudException("the local cloud at " + process.home() + " does not answer: " + describe(again), again);
            }
        } catch (IOException e) {
            throw new CloudException("the local cloud at " + process.home() + " does not answer: " + describe(e), e);
        }
    }

    private LocalCloudEndpoint endpoint() {
        LocalCloudEndpoint ep = endpoint;
        if (ep == null) {
            ep = process.ensureRunning();
            endpoint = ep;
        }
        return ep;
    }

    private String exchange(LocalCloudEndpoint ep, String method, String path, String payload)
            throws IOException, UnauthorizedException {
        HttpRequest.Builder rq = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ep.apiPort() + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + ep.token())
                .header("Accept", "application/json");
        if (payload != null) {
            rq.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(payload));
        } else {
            rq.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> rs;
        try {
            rs = http.send(rq.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("interrupted while talking to the local cloud", e);
        }
        int status = rs.statusCode();
        if (status == 401) {
            throw new UnauthorizedException();
        }
        if (status >= 400) {
            throw error(status, rs.body());
        }
        return rs.body();
    }

    private RuntimeException error(int status, String body) {
        String code = "";
        String detail = body;
        try {
            JsonNode node = json.readTree(body);
            code = node.path("error").asText("");
            detail = node.path("detail").asText(body);
        } catch (JsonProcessingException e) {
            // not JSON: keep the raw body as the detail
        }
        if (status == 404) {
            return new NotFoundException("local cloud: " + detail);
        }
        if (status == 409) {
            return new ConflictException("local cloud: " + detail);
        }
        if (status == 400 || status == 422) {
            return new InvalidRequestException(detail);
        }
        return new CloudException("local cloud refused the request (" + status + (code.isEmpty() ? "" : " " + code) + "): " + detail);
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CloudException("the local cloud answered something that is not JSON", e);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof UnauthorizedException) {
            return "it refused Nubis's token (" + "is another local cloud using the same home?)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The token was refused: the process was replaced by one with another token. */
    private static final class UnauthorizedException extends Exception {
        private static final long serialVersionUID = 1L;
    }
}
