package org.nubis.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The servlet over real files, with a request and a response that record what it does. */
class ConsoleServletTest {

    @TempDir
    Path dir;
    private ConsoleServlet servlet;

    /** What the servlet did to the response. */
    static final class Recorded {
        int status = 200;
        Integer error;
        String redirect;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    @BeforeEach
    void files() throws IOException {
        Map<String, URL> files = new HashMap<>();
        files.put("index.html", write("index.html", "<!doctype html><title>Nubis</title>").toUri().toURL());
        files.put("assets/app-1a2b.js", write("assets/app-1a2b.js", "console.log(1)").toUri().toURL());
        files.put("assets/app-1a2b.js.gz", write("assets/app-1a2b.js.gz", "GZ").toUri().toURL());
        write("secret.txt", "outside the index");
        servlet = new ConsoleServlet(new ConsoleFiles(files), 1_700_000_000_123L);
    }

    private static HttpServletRequest request(String method, String pathInfo, String query, Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(ConsoleServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getPathInfo" -> pathInfo;
                    case "getServletPath" -> ConsoleFiles.BASE;
                    case "getContextPath" -> "";
                    case "getQueryString" -> query;
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getDateHeader" -> -1L;
                    case "getProtocol" -> "HTTP/1.1";
                    default -> null;
                });
    }

    private static HttpServletResponse response(Recorded r) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                r.body.write(b);
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(ConsoleServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus" -> r.status = (Integer) args[0];
                        case "sendError" -> r.error = (Integer) args[0];
                        case "sendRedirect" -> {
                            r.status = 302;
                            r.redirect = (String) args[0];
                        }
                        case "setHeader", "addHeader" -> r.headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> r.headers.put("Content-Type", (String) args[0]);
                        case "setContentLengthLong" -> r.headers.put("Content-Length", String.valueOf(args[0]));
                        case "setDateHeader" -> r.headers.put((String) args[0], String.valueOf(args[1]));
                        case "getOutputStream" -> {
                            return out;
                        }
                        case "containsHeader" -> {
                            return r.headers.containsKey((String) args[0]);
                        }
                        default -> {
                        }
                    }
                    return null;
                });
    }

    private Recorded get(String pathInfo, String query, Map<String, String> headers) throws Exception {
        Recorded r = new Recorded();
        servlet.service(request("GET", pathInfo, query, headers), response(r));
        return r;
    }

    @Test
    void theBarePathRedirectsKeepingTheQuery() throws Exception {
        assertEquals("/nubis/console/?tab=x", get(null, "tab=x", Map.of()).redirect);
        assertEquals("/nubis/console/", get(null, null, Map.of()).redirect);
    }

    @Test
    void indexHtmlIsRevalidatedAndLockedDown() throws Exception {
        Recorded r = get("/experiments/demo", null, Map.of("Accept-Encoding", "gzip"));
        assertEquals(200, r.status);
        assertEquals("<!doctype html><title>Nubis</title>", r.body.toString(StandardCharsets.UTF_8));
        assertEquals("text/html; charset=utf-8", r.headers.get("Content-Type"));
        assertEquals("no-cache", r.headers.get("Cache-Control"));
        assertEquals(ConsoleServlet.CONTENT_SECURITY_POLICY, r.headers.get("Content-Security-Policy"));
        assertTrue(r.headers.get("Content-Security-Policy").contains("frame-ancestors 'none'"));
        assertEquals("nosniff", r.headers.get("X-Content-Type-Options"));
        assertNull(r.headers.get("Content-Encoding"), "no .gz of it: sent as it is");
        assertEquals("35", r.headers.get("Content-Length"));
    }

    @Test
    void assetsAreCachedAndGzippedForClientsThatTakeIt() throws Exception {
        Recorded gz = get("/assets/app-1a2b.js", null, Map.of("Accept-Encoding", "gzip, br"));
        assertEquals("gzip", gz.headers.get("Content-Encoding"));
        assertEquals("Accept-Encoding", gz.headers.get("Vary"));
        assertEquals(ConsoleFiles.IMMUTABLE, gz.headers.get("Cache-Control"));
        assertEquals("text/javascript; charset=utf-8", gz.headers.get("Content-Type"));
        assertArrayEquals("GZ".getBytes(StandardCharsets.UTF_8), gz.body.toByteArray());
        assertNull(gz.headers.get("Content-Security-Policy"));

        Recorded plain = get("/assets/app-1a2b.js", null, Map.of());
        assertNull(plain.headers.get("Content-Encoding"));
        assertEquals("Accept-Encoding", plain.headers.get("Vary"), "caches must keep both");
        assertEquals("console.log(1)", plain.body.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingAssetsAndEscapesAreNotFound() throws Exception {
        for (String path : new String[] {"/assets/old-9z.js", "/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                "/secret.txt\0"}) {
            Recorded r = get(path, null, Map.of());
            assertEquals(404, r.status, path);
            assertEquals("application/json", r.headers.get("Content-Type"), path);
            assertEquals("{\"error\":\"not_found\",\"detail\":\"no such file in the console\"}",
                    r.body.toString(StandardCharsets.UTF_8), path);
        }
        // secret.txt exists beside the indexed files but is not one of them: a route of the app
        assertEquals("<!doctype html><title>Nubis</title>", get("/secret.txt", null, Map.of()).body.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onlyGetAndHeadAreTaken() throws Exception {
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"}) {
            Recorded r = new Recorded();
            servlet.service(request(method, "/index.html", null, Map.of()), response(r));
            assertEquals(405, r.status, method);
            assertEquals("GET, HEAD", r.headers.get("Allow"), method);
            assertTrue(r.body.toString(StandardCharsets.UTF_8).startsWith("{\"error\":\"method_not_allowed\""), method);
        }
    }

    @Test
    void filesCarryTheBundlesTimeForConditionalRequests() {
        assertEquals(1_700_000_000_000L, servlet.getLastModified(request("GET", "/", null, Map.of())));
        assertEquals(-1L, servlet.getLastModified(request("GET", null, null, Map.of())));
        assertEquals(-1L, servlet.getLastModified(request("GET", "/assets/none.js", null, Map.of())));
    }

    @Test
    void theRootRedirectTakesOnlyAGetOrHeadOfTheRoot() {
        assertTrue(RootRedirect.isRoot("GET", "/", null));
        assertTrue(RootRedirect.isRoot("HEAD", "", "/"));
        assertTrue(RootRedirect.isRoot("GET", "", null));
        assertFalse(RootRedirect.isRoot("POST", "/", null));
        assertFalse(RootRedirect.isRoot("GET", "/foo", null));
        assertFalse(RootRedirect.isRoot("GET", "/nubis", null));
    }
}
