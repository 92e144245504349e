package org.nubis.repository.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void urlsLoseTheirParametersAndUserInfo() {
        assertEquals("jdbc:postgresql://db:5432/nubis", Redaction.url("jdbc:postgresql://db:5432/nubis?user=u&password=s3cr3t"));
        assertEquals("jdbc:postgresql://***@db/nubis", Redaction.url("jdbc:postgresql://u:s3cr3t@db/nubis"));
        assertEquals("jdbc:h2:file:/data/nubis", Redaction.url("jdbc:h2:file:/data/nubis;PASSWORD=s3cr3t;MODE=LEGACY"));
        assertEquals("jdbc:h2:file:/data/nubis", Redaction.url("jdbc:h2:file:/data/nubis"));
    }

    @Test
    void textsLoseUrlsParametersAndSecrets() {
        String url = "jdbc:postgresql://db/nubis?sslmode=require&password=p4ss&sslpassword=k3y";
        String message = "Unable to acquire a connection from driver [null], user [nubis] and URL [" + url
                + "]; also password=p4ss and pw hunter22";
        String safe = Redaction.text(message, Redaction.secretsOf(url, "hunter22"));
        assertEquals("Unable to acquire a connection from driver [null], user [nubis] and URL [jdbc:postgresql://db/nubis];"
                + " also password=*** and pw ***", safe);
        assertEquals(List.of("hunter22", "p4ss", "k3y"), Redaction.secretsOf(url, "hunter22"));
        assertEquals(List.of("s3cr3t"), Redaction.secretsOf("jdbc:postgresql://u:s3cr3t@db/nubis", ""));
    }

    @Test
    void exceptionCopiesKeepClassNamesAndTracesButNotSecrets() {
        Exception root = new java.sql.SQLException("bad URL jdbc:postgresql://db/x?password=p4ss");
        RuntimeException top = new RuntimeException("wrapped: secret hunter22", root);
        RuntimeException safe = Redaction.exception(top, List.of("hunter22"));
        StringWriter out = new StringWriter();
        safe.printStackTrace(new PrintWriter(out));
        String printed = out.toString();
        assertFalse(printed.contains("p4ss") || printed.contains("hunter22"), printed);
        assertTrue(printed.startsWith("java.lang.RuntimeException: wrapped: secret ***"), printed);
        assertTrue(printed.contains("Caused by: java.sql.SQLException: bad URL jdbc:postgresql://db/x"), printed);
        assertEquals(top.getStackTrace()[0], safe.getStackTrace()[0]);
    }
}
