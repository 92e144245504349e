package org.nubis.rest;

/** What the API limits, both configured in {@code etc/org.nubis.rest.cfg}: the size of uploads and failed logins. */
record Limits(UploadLimit uploads, LoginThrottle logins) {
}
