package org.nubis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * Every malformed request the OpenAPI document lets us generate ({@link BadRequests}) is refused
 * with a 4xx and the usual {@code {error, detail}}, never a 500 or a stack trace, and changes
 * nothing that can be listed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class BadInputCorpusIT extends NubisTestSupport {

    private static final String FIXTURE = "corpus";
    /** What can be listed: compared before and after the corpus. */
    private static final List<String> STATE = List.of("/experiments", "/experiments/" + FIXTURE + "/instances", "/clusters",
            "/clouds", "/auth/keys", "/templates");

    @Test
    public void everyMalformedRequestIsA4xxWithAnErrorAndChangesNothing() throws Exception {
        Rest rest = new Rest(getHttpPort());
        assertEquals(201, rest.call(RestIT.ADMIN, "POST", "/experiments", "{\"name\": \"" + FIXTURE + "\"}").status());
        try {
            Rest.Answer doc = rest.call(null, "GET", "/openapi.json", null);
            // path parameters name the fixture, so that a request reaches the checks of its body
            List<BadRequests.Bad> corpus = new BadRequests(doc.body(), parameter -> parameter.equals("id") ? "op-none" : FIXTURE).all();
            assertTrue("at least 1,000 requests: " + corpus.size(), corpus.size() >= 1000);
            Map<String, String> before = state(rest);

            Map<Integer, Integer> byStatus = new TreeMap<>();
            List<String> wrong = new ArrayList<>();
            int parserRefusals = 0;
            for (BadRequests.Bad bad : corpus) {
                Rest.Answer a = rest.once(RestIT.ADMIN, bad.method(), bad.path(),
                        bad.body() == null ? null : HttpRequest.BodyPublishers.ofString(bad.body()), bad.contentType());
                byStatus.merge(a.status(), 1, Integer::sum);
                if (a.text().contains("not valid HTTP for this server")) {
                    parserRefusals++;
                }
                String problem = problem(a, bad.method(), bad.path());
                if (problem != null) {
                    wrong.add(bad + ": " + problem);
                }
            }
            Map<String, String> after = state(rest);
            long endpoints = corpus.stream().map(b -> b.method() + " " + b.path().replaceAll("\\?.*", "")).distinct().count();
            // one summary line for the area, as the suite's other areas print theirs
            System.out.println("bad input: " + corpus.size() + " requests over " + endpoints + " method-paths; answers by status "
                    + byStatus + " (" + parserRefusals + " of them refused by the HTTP parser, before any servlet: a NUL in the path); "
                    + wrong.size() + " wrong");
            assertTrue(wrong.size() + " of " + corpus.size() + " not refused properly:\n"
                    + String.join("\n", wrong.subList(0, Math.min(60, wrong.size()))), wrong.isEmpty());
            assertEquals("nothing changed", before, after);
        } finally {
            rest.await(RestIT.ADMIN, rest.call(RestIT.ADMIN, "DELETE", "/experiments/" + FIXTURE, null));
        }
    }

    /** What is wrong with an answer to a malformed request, or null when it is a proper refusal. */
    private static String problem(Rest.Answer a, String method, String path) {
        if (a.status() < 400 || a.status() >= 500) {
            return "answered " + a.status() + " " + shorten(a.text());
        }
        if (method.equals("HEAD")) {
            return a.text().isEmpty() ? null : "HEAD answered with a body";
        }
        if (a.body() == null || !a.body().path("error").isTextual() || !a.body().path("detail").isTextual()) {
            return a.status() + " without {error, detail}: " + shorten(a.text());
        }
        if (a.text().contains("Exception") || a.text().contains("\tat ") || a.text().contains("at org.")) {
            return a.status() + " with a stack trace: " + shorten(a.text());
        }
        if (a.text().length() > 4000) {
            return a.status() + " echoing " + a.text().length() + " characters";
        }
        return null;
    }

    private static Map<String, String> state(Rest rest) throws Exception {
        Map<String, String> state = new LinkedHashMap<>();
        for (String path : STATE) {
            state.put(path, rest.call(RestIT.ADMIN, "GET", path, null).text());
        }
        return state;
    }

    private static String shorten(String text) {
        String one = text.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }
}
