package org.nubis.console;

import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The console app's files (the bundle's {@code nubis-console/} folder) and what a request for a
 * path under {@code /nubis/console} answers: a file, the app's {@code index.html} for a route of
 * the app (a deep link such as {@code /nubis/console/experiments/demo}), a redirect, or 404.
 *
 * <p>Only the files indexed when the bundle started are ever served, looked up by exact name; a
 * path with a {@code .} or {@code ..} segment, a backslash, a NUL or other control character, an
 * empty segment or a {@code %} left after the container's decoding (double encoding) is refused
 * before any lookup, so nothing outside {@code nubis-console/} can be reached.
 */
final class ConsoleFiles {

    static final String FOLDER = "nubis-console";
    static final String BASE = "/nubis/console";
    static final String INDEX = "index.html";
    /** Vite's output with content hashes in their names: never change, cached for a year. */
    static final String ASSETS = "assets/";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";

    /** What a request answers. */
    sealed interface Answer permits Redirect, File, NotFound {
    }

    /** To the app's root, relative to the server: {@code /nubis/console/}. */
    record Redirect(String location) implements Answer {
    }

    /** A file; {@code gzip} is its gzip-compressed copy made at build time ({@code NAME.gz}), or null. */
    record File(String name, URL url, URL gzip, String contentType, String cacheControl) implements Answer {
    }

    record NotFound() implements Answer {
    }

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("woff", "font/woff"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"),
            Map.entry("wasm", "application/wasm"));

    private final Map<String, URL> files;

    /** @param files by name relative to {@code nubis-console/} ({@code index.html}, {@code assets/x.js}) */
    ConsoleFiles(Map<String, URL> files) {
        this.files = Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /**
     * Indexes entries as {@code Bundle.findEntries("nubis-console", "*", true)} gives them: their
     * paths are {@code /nubis-console/...}; folders (ending in /) and anything else are left out.
     */
    static ConsoleFiles index(Enumeration<URL> entries) {
        Map<String, URL> files = new TreeMap<>();
        String prefix = "/" + FOLDER + "/";
        while (entries != null && entries.hasMoreElements()) {
            URL url = entries.nextElement();
            String path = url.getPath();
            if (path != null && path.startsWith(prefix) && !path.endsWith("/") && path.length() > prefix.length()) {
                files.put(path.substring(prefix.length()), url);
            }
        }
        return new ConsoleFiles(files);
    }

    Map<String, URL> files() {
        return files;
    }

    /**
     * The answer for a request's path info under {@code /nubis/console} (null for the bare
     * {@code /nubis/console}).
     */
    Answer resolve(String pathInfo) {
        if (pathInfo == null || pathInfo.isEmpty()) {
            return new Redirect(BASE + "/");
        }
        String name = relativeName(pathInfo);
        if (name == null) {
            return new NotFound();
        }
        if (name.isEmpty()) {
            return file(INDEX);
        }
        if (files.containsKey(name)) {
            return file(name);
        }
        // A missing asset is a 404, not the app: a page of an older build asking for a file that
        // is gone must not get HTML where it expects JavaScript or CSS.
        if (name.startsWith(ASSETS) || name.equals(INDEX)) {
            return new NotFound();
        }
        // any other path is a route of the app, which index.html renders (deep links, reloads)
        return file(INDEX);
    }

    private Answer file(String name) {
        URL url = files.get(name);
        if (url == null) {
            return new NotFound(); // a build without index.html
        }
        return new File(name, url, files.get(name + ".gz"), contentType(name), name.startsWith(ASSETS) ? IMMUTABLE : REVALIDATE);
    }

    /**
     * The path info without its leading slash ("" for the root), or null when it is not a plain
     * relative path that stays inside the folder.
     */
    static String relativeName(String pathInfo) {
        if (!pathInfo.startsWith("/")) {
            return null;
        }
        for (int i = 0; i < pathInfo.length(); i++) {
            char c = pathInfo.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == '%') {
                return null;
            }
        }
        String name = pathInfo.substring(1);
        if (name.isEmpty()) {
            return name;
        }
        String[] segments = name.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.equals(".") || s.equals("..") || (s.isEmpty() && !last)) {
                return null;
            }
        }
        return name;
    }

    /** Whether an Accept-Encoding header takes gzip: listed (or {@code *}) without q=0; gzip's own entry wins over {@code *}. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Double gzip = null;
        Double any = null;
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            String coding = p[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < p.length; i++) {
                String param = p[i].trim().toLowerCase(Locale.ROOT);
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2).trim());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = q;
            } else if (coding.equals("*")) {
                any = q;
            }
        }
        return gzip != null ? gzip > 0 : any != null && any > 0;
    }

    static String contentType(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        if (dot <= slash) {
            return "application/octet-stream";
        }
        return TYPES.getOrDefault(name.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
    }
}
