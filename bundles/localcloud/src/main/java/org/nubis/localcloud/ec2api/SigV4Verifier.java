package org.nubis.localcloud.ec2api;

import com.sun.net.httpserver.Headers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 ({@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...,
 * Signature=...}) for service {@code ec2} in any region. The time comes from {@code X-Amz-Date}, or else
 * from {@code Date}; it must be within 15 minutes of now.
 */
final class SigV4Verifier {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String SERVICE = "ec2";
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter BASIC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String CREDENTIALS_MESSAGE = "AWS was not able to validate the provided access credentials";

    private final Ec2Credentials credentials;
    private final Clock clock;

    SigV4Verifier(Ec2Credentials credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /** The request as the signature covers it. */
    record SignedRequest(String method, String rawPath, String rawQuery, Headers headers, byte[] body) {
    }

    /** Returns the access key id that signed the request, or throws AuthFailure (or RequestExpired). */
    String verify(SignedRequest request) {
        String authorization = request.headers().getFirst("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw Ec2Error.authFailure(CREDENTIALS_MESSAGE);
        }
        if (!authorization.startsWith(ALGORITHM + " ")) {
            throw Ec2Error.authFailure("Unsupported authorization type; sign with " + ALGORITHM + " (Signature Version 4)");
        }
        Map<String, String> parts = parts(authorization.substring(ALGORITHM.length() + 1));
        String credential = parts.get("Credential");
        String signedHeaders = parts.get("SignedHeaders");
        String signature = parts.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            throw Ec2Error.authFailure("The Authorization header needs Credential, SignedHeaders and Signature");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[4].equals("aws4_request")) {
            throw Ec2Error.authFailure("Credential must be ACCESS_KEY_ID/DATE/REGION/SERVICE/aws4_request");
        }
        if (!scope[3].equals(SERVICE)) {
            throw Ec2Error.authFailure("Credential should be scoped to correct service: '" + SERVICE + "'");
        }
        String secret = credentials.secretOf(scope[0]);
        if (secret == null) {
            throw Ec2Error.authFailure(CREDENTIALS_MESSAGE);
        }
        String amzDate = requestTime(request.headers());
        if (!amzDate.startsWith(scope[1])) {
            throw Ec2Error.authFailure("Credential should be scoped to a valid date: '" + amzDate.substring(0, 8) + "'");
        }
        List<String> headerNames = List.of(signedHeaders.toLowerCase(Locale.ROOT).split(";"));
        if (!headerNames.contains("host")) {
            throw Ec2Error.authFailure("The signed headers must include 'host'");
        }
        String payloadHash = payloadHash(request);
        String stringToSignPrefix = ALGORITHM + "\n" + amzDate + "\n"
                + scope[1] + "/" + scope[2] + "/" + scope[3] + "/aws4_request\n";
        byte[] key = signingKey(secret, scope[1], scope[2]);
        byte[] given = signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        // Signers differ on encoding the path once or twice; for EC2's "/" both are the same.
        for (String canonicalUri : canonicalUris(request.rawPath())) {
            String canonicalRequest = request.method() + "\n"
                    + canonicalUri + "\n"
                    + canonicalQuery(request.rawQuery()) + "\n"
                    + canonicalHeaders(request.headers(), headerNames) + "\n"
                    + String.join(";", headerNames) + "\n"
                    + payloadHash;
            String stringToSign = stringToSignPrefix + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
            byte[] expected = hex(hmac(key, stringToSign)).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, given)) {
                return scope[0];
            }
        }
        throw Ec2Error.authFailure(CREDENTIALS_MESSAGE);
    }

    private String requestTime(Headers headers) {
        String amzDate = headers.getFirst("X-Amz-Date");
        Instant time;
        try {
            if (amzDate != null) {
                time = BASIC.parse(amzDate.trim(), Instant::from);
                amzDate = amzDate.trim();
            } else {
                String date = headers.getFirst("Date");
                if (date == null) {
                    throw Ec2Error.authFailure("The request needs an X-Amz-Date (or Date) header");
                }
                time = ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                amzDate = BASIC.format(time);
            }
        } catch (DateTimeParseException e) {
            throw Ec2Error.authFailure("X-Amz-Date must look like 20260101T120000Z");
        }
        Instant now = clock.instant();
        if (time.isBefore(now.minus(MAX_SKEW)) || time.isAfter(now.plus(MAX_SKEW))) {
            throw Ec2Error.client("RequestExpired", "Request has expired (its time " + time
                    + " is more than 15 minutes from the server's " + now + ")");
        }
        return amzDate;
    }

    private static String payloadHash(SignedRequest request) {
        String actual = hex(sha256(request.body()));
        String declared = request.headers().getFirst("X-Amz-Content-Sha256");
        if (declared == null || declared.equals("UNSIGNED-PAYLOAD")) {
            return declared == null ? actual : declared;
        }
        if (!declared.equalsIgnoreCase(actual)) {
            throw Ec2Error.authFailure("The x-amz-content-sha256 header does not match the body");
        }
        return declared;
    }

    private static Map<String, String> parts(String text) {
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                parts.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return parts;
    }

    private static Set<String> canonicalUris(String rawPath) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        Set<String> uris = new LinkedHashSet<>();
        uris.add(path);
        uris.add(encode(path, false));
        uris.add(encode(decode(path), false));
        return uris;
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(new String[] {encode(decode(key), true), encode(decode(value), true)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder query = new StringBuilder();
        for (String[] pair : pairs) {
            query.append(query.length() == 0 ? "" : "&").append(pair[0]).append('=').append(pair[1]);
        }
        return query.toString();
    }

    private static String canonicalHeaders(Headers headers, List<String> names) {
        StringBuilder canonical = new StringBuilder();
        for (String name : names) {
            List<String> values = headers.get(name);
            if (values == null) {
                throw Ec2Error.authFailure("The signed header '" + name + "' is not in the request");
            }
            List<String> trimmed = values.stream().map(v -> v.trim().replaceAll(" +", " ")).toList();
            canonical.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        return canonical.toString();
    }

    /** AWS's URI encoding: unreserved characters stay, everything else is %XX (a slash too, if asked). */
    static String encode(String text, boolean encodeSlash) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String decode(String text) {
        try {
            // In a URL query '+' is a literal plus for AWS signers, not a space.
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Ec2Error.client("MalformedQueryString", "malformed percent-encoding in the query string");
        }
    }

    static byte[] signingKey(String secret, String date, String region) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, SERVICE);
        return hmac(key, "aws4_request");
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
