package org.nubis.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsoleFilesTest {

    private static URL entry(String path) {
        try {
            return new URL("file:" + path);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As Bundle.findEntries lists them: folders too, and (in a bad build) a file beside the folder. */
    private final ConsoleFiles files = ConsoleFiles.index(Collections.enumeration(List.of(
            entry("/nubis-console/"),
            entry("/nubis-console/index.html"),
            entry("/nubis-console/favicon.svg"),
            entry("/nubis-console/assets/"),
            entry("/nubis-console/assets/index-Bl3CLJrW.js"),
            entry("/nubis-console/assets/index-Bl3CLJrW.js.gz"),
            entry("/nubis-console/assets/index-BYw3_i4d.css"),
            entry("/nubis-console/assets/RedHatTextVF-DNKNjMr3.woff2"),
            entry("/OSGI-INF/org.nubis.console.ConsoleServlet.xml"),
            entry("/nubis-consolex/secret.txt"))));

    private ConsoleFiles.File file(String pathInfo) {
        return assertInstanceOf(ConsoleFiles.File.class, files.resolve(pathInfo), pathInfo);
    }

    @Test
    void theIndexHoldsTheFolderFilesOnly() {
        assertEquals(Set.of("index.html", "favicon.svg", "assets/index-Bl3CLJrW.js", "assets/index-Bl3CLJrW.js.gz",
                "assets/index-BYw3_i4d.css", "assets/RedHatTextVF-DNKNjMr3.woff2"), files.files().keySet());
        assertTrue(ConsoleFiles.index(null).files().isEmpty(), "findEntries answers null when there is nothing");
    }

    @Test
    void theBarePathRedirectsToTheAppRoot() {
        assertEquals(new ConsoleFiles.Redirect("/nubis/console/"), files.resolve(null));
        assertEquals(new ConsoleFiles.Redirect("/nubis/console/"), files.resolve(""));
    }

    @Test
    void theRootIsIndexHtmlRevalidatedEachTime() {
        ConsoleFiles.File index = file("/");
        assertEquals("index.html", index.name());
        assertEquals("text/html; charset=utf-8", index.contentType());
        assertEquals("no-cache", index.cacheControl());
        assertEquals(index, file("/index.html"));
    }

    @Test
    void hashedAssetsAreCachedForAYearWithTheirTypes() {
        ConsoleFiles.File js = file("/assets/index-Bl3CLJrW.js");
        assertEquals("text/javascript; charset=utf-8", js.contentType());
        assertEquals(ConsoleFiles.IMMUTABLE, js.cacheControl());
        assertEquals(entry("/nubis-console/assets/index-Bl3CLJrW.js.gz"), js.gzip());
        assertNull(file("/assets/index-BYw3_i4d.css").gzip(), "no .gz beside it: served as it is");
        assertEquals("text/css; charset=utf-8", file("/assets/index-BYw3_i4d.css").contentType());
        assertEquals("font/woff2", file("/assets/RedHatTextVF-DNKNjMr3.woff2").contentType());
        ConsoleFiles.File icon = file("/favicon.svg");
        assertEquals("image/svg+xml", icon.contentType());
        assertEquals("no-cache", icon.cacheControl(), "not hashed: revalidated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/experiments", "/experiments/", "/experiments/demo", "/experiments/run.v2",
            "/clusters/x/nodes", "/assetsx/y.js", "/index.htm"})
    void routesOfTheAppGetIndexHtml(String path) {
        assertEquals("index.html", file(path).name(), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/assets/index-OLDHASH.js", "/assets/", "/assets/gone.css"})
    void aMissingAssetIsNotFoundRatherThanHtml(String path) {
        assertInstanceOf(ConsoleFiles.NotFound.class, files.resolve(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/..", "/../", "/../nubis-consolex/secret.txt", "/assets/../../OSGI-INF/x.xml",
            "/assets/../index.html", "/./index.html", "/assets/./index-Bl3CLJrW.js", "/%2e%2e/secret",
            "/%2E%2E/%2E%2E/etc/passwd", "/..%2fOSGI-INF", "/index.html%00", "/index.html\0.js", "/a\\..\\b",
            "/..\\OSGI-INF", "//etc/passwd", "/assets//index-Bl3CLJrW.js", "/x\r\nSet-Cookie: a=b", "/\u007f",
            "experiments", "/experiments/%252e%252e"})
    void pathsThatCouldLeaveTheFolderAreNotFound(String path) {
        assertInstanceOf(ConsoleFiles.NotFound.class, files.resolve(path), path);
    }

    @Test
    void nothingOutsideTheFolderIsEverServed() {
        for (String path : List.of("/OSGI-INF/org.nubis.console.ConsoleServlet.xml", "/nubis-consolex/secret.txt",
                "/../nubis-consolex/secret.txt")) {
            ConsoleFiles.Answer a = files.resolve(path);
            if (a instanceof ConsoleFiles.File f) {
                assertEquals("index.html", f.name(), path + " may only fall back to the app");
            }
        }
    }

    @Test
    void relativeNamesAreExactlyThePathWithoutItsSlash() {
        assertEquals("", ConsoleFiles.relativeName("/"));
        assertEquals("assets/a.js", ConsoleFiles.relativeName("/assets/a.js"));
        assertEquals("experiments/", ConsoleFiles.relativeName("/experiments/"));
        assertEquals("a..b/c.d", ConsoleFiles.relativeName("/a..b/c.d"), "dots inside a name are fine");
        assertNull(ConsoleFiles.relativeName("/a/../b"));
    }

    @Test
    void typesOfUnknownOrExtensionlessNamesAreOctetStream() {
        assertEquals("application/octet-stream", ConsoleFiles.contentType("LICENSE"));
        assertEquals("application/octet-stream", ConsoleFiles.contentType("a.d/LICENSE"));
        assertEquals("application/octet-stream", ConsoleFiles.contentType("x.exe"));
        assertEquals("text/html; charset=utf-8", ConsoleFiles.contentType("INDEX.HTML"));
    }

    @Test
    void gzipIsUsedOnlyWhenTheClientTakesIt() {
        assertTrue(ConsoleFiles.acceptsGzip("gzip, deflate, br"));
        assertTrue(ConsoleFiles.acceptsGzip("br;q=1.0, gzip;q=0.8"));
        assertTrue(ConsoleFiles.acceptsGzip("*"));
        assertFalse(ConsoleFiles.acceptsGzip(null));
        assertFalse(ConsoleFiles.acceptsGzip("identity"));
        assertFalse(ConsoleFiles.acceptsGzip("gzip;q=0"));
        assertFalse(ConsoleFiles.acceptsGzip("gzip;q=0, *"), "gzip's own refusal wins over *");
        assertFalse(ConsoleFiles.acceptsGzip("*;q=0"));
        assertFalse(ConsoleFiles.acceptsGzip("gzip;q=x"));
    }
}
