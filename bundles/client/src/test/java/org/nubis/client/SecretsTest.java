package org.nubis.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Secrets, passwords and tokens never show in toString or in exceptions. */
class SecretsTest {

    private static final String SECRET = "Sup3rS3cret-DoNotPrint";

    @Test
    void toStringShowsWhoButNeverTheSecret() {
        NubisClient.Builder b = NubisClient.builder().baseUri("http://localhost:8181/nubis/api/v1").apiKey("NBKX", SECRET);
        assertFalse(b.toString().contains(SECRET), b.toString());
        try (NubisClient c = b.build()) {
            assertTrue(c.toString().contains("NBKX"), c.toString());
            assertFalse(c.toString().contains(SECRET), c.toString());
        }
        try (NubisClient c = NubisClient.builder().baseUri("http://localhost:8181/nubis/api/v1")
                .basic("admin", SECRET).build()) {
            assertEquals("NubisClient[http://localhost:8181/nubis/api/v1, basic admin]", c.toString());
        }
    }

    @Test
    void aFailedTokenExchangeShowsNoSecret() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // nothing listens there any more
        }
        try (NubisClient c = NubisClient.builder().baseUri("http://127.0.0.1:" + port + "/nubis/api/v1")
                .apiKey("NBKX", SECRET).maxRetries(0).build()) {
            NubisApiException e = assertThrows(NubisApiException.class, c::whoami);
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertFalse(trace.toString().contains(SECRET));
            assertTrue(e.getMessage().startsWith("POST /auth/token: io_error"), e.getMessage());
        }
    }

    @Test
    void anErrorWithTheTokenShowsNoToken() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            server.on("POST", "/auth/token", (ex, req) -> ScriptedServer.json(ex, 200,
                    "{\"token\":\"TOKEN-VALUE-123\",\"expiresIn\":900}"));
            server.on("GET", "/clouds/x", (ex, req) -> ScriptedServer.error(ex, 403, "forbidden", "needs admin"));
            try (NubisClient c = NubisClient.builder().baseUri(server.base()).apiKey("NBKX", SECRET).build()) {
                NubisApiException e = assertThrows(NubisApiException.class, () -> c.cloud("x"));
                assertEquals("GET /clouds/x: 403 forbidden: needs admin", e.getMessage());
                assertFalse(c.toString().contains("TOKEN-VALUE-123"));
            }
        }
    }
}
