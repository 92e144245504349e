package org.nubis.localcloud.ec2api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/** Writes EC2's XML answers: elements in order, text escaped, absent (null) values left out. */
final class XmlWriter {

    static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private final Deque<String> open = new ArrayDeque<>();

    private XmlWriter() {
    }

    /** {@code <ActionResponse xmlns="..."><requestId>..</requestId>}, the start of every successful answer. */
    static XmlWriter response(String action, String requestId) {
        XmlWriter xml = new XmlWriter();
        xml.out.append('<').append(action).append("Response xmlns=\"").append(NAMESPACE).append("\">");
        xml.open.push(action + "Response");
        xml.value("requestId", requestId);
        return xml;
    }

    /** EC2's error document: {@code <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/>}. */
    static byte[] error(String code, String message, String requestId) {
        XmlWriter xml = new XmlWriter();
        xml.start("Response").start("Errors").start("Error").value("Code", code).value("Message", message)
                .end().end().value("RequestID", requestId);
        return xml.bytes();
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    XmlWriter end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** An element with text; nothing at all when the value is null. */
    XmlWriter value(String name, Object value) {
        if (value == null) {
            return this;
        }
        String text = value instanceof Instant instant ? time(instant) : value.toString();
        out.append('<').append(name).append('>');
        escape(text);
        out.append("</").append(name).append('>');
        return this;
    }

    /** An empty element, as EC2 writes empty lists ({@code <groupSet/>}). */
    XmlWriter empty(String name) {
        out.append('<').append(name).append("/>");
        return this;
    }

    /** A {@code tagSet} (or other name) of {@code <item><key/><value/></item>}; empty element if no tags. */
    XmlWriter tags(String name, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return empty(name);
        }
        start(name);
        tags.forEach((key, value) -> start("item").value("key", key).value("value", value).end());
        return end();
    }

    /** Closes what is still open and returns the document. */
    byte[] bytes() {
        while (!open.isEmpty()) {
            end();
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\r' -> out.append("&#13;");
                default -> {
                    // Characters XML 1.0 cannot carry at all are dropped rather than breaking the document.
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
    }
}
