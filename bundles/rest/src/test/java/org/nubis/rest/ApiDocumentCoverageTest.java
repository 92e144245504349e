package org.nubis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;
import org.nubis.rest.openapi.OpenApiDocument;

/**
 * The OpenAPI document covers the whole API: every resource class of the bundle is registered,
 * and every one of their resource methods (as Jersey's own model sees them) is in the document,
 * documented.
 */
class ApiDocumentCoverageTest {

    @Test
    void everyResourceClassIsRegistered() throws Exception {
        Set<String> annotated = new TreeSet<>();
        Path classes = Path.of(NubisApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceFirst("\\.class$", "");
                Class<?> c = Class.forName(name);
                if (c.isAnnotationPresent(javax.ws.rs.Path.class)) {
                    annotated.add(c.getName());
                }
            }
        }
        Set<String> registered = new TreeSet<>();
        NubisApplication.RESOURCES.forEach(c -> registered.add(c.getName()));
        assertEquals(annotated, registered);
    }

    @Test
    void everyResourceMethodIsInTheDocumentAndDocumented() throws IOException, URISyntaxException {
        JsonNode doc = OpenApiDocument.build(NubisApplication.RESOURCES, NubisApplication.BASE_PATH, NubisApplication.json());
        List<String> expected = new ArrayList<>();
        for (Class<?> c : NubisApplication.RESOURCES) {
            walk(Resource.from(c), "", expected);
        }
        assertTrue(expected.size() >= 40, "the API has its endpoints: " + expected);
        List<String> missing = new ArrayList<>();
        for (String e : expected) {
            String[] mp = e.split(" ", 2);
            JsonNode op = doc.path("paths").path(mp[1]).path(mp[0].toLowerCase(Locale.ROOT));
            if (op.isMissingNode() || op.path("summary").asText().isBlank() || !op.path("responses").isObject()) {
                missing.add(e);
            }
        }
        assertEquals(List.of(), missing);
        assertEquals(List.of(), OpenApiDocument.undocumented(NubisApplication.RESOURCES));
        long operations = 0;
        for (JsonNode path : doc.path("paths")) {
            operations += path.size();
        }
        assertEquals(expected.size(), operations, "nothing in the document that the API does not have");
    }

    /** "METHOD /path" of every resource method, walked from Jersey's model independently of the generator. */
    private static void walk(Resource r, String prefix, List<String> out) {
        String path = join(prefix, r.getPath());
        for (ResourceMethod m : r.getResourceMethods()) {
            out.add(m.getHttpMethod() + " " + path);
        }
        for (Resource child : r.getChildResources()) {
            walk(child, path, out);
        }
    }

    private static String join(String a, String b) {
        String s = (a + "/" + (b == null ? "" : b)).replaceAll("/+", "/");
        s = s.replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}");
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
