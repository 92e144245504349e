package org.nubis.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nubis.api.NubisException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The largest upload the API takes ({@code etc/org.nubis.rest.cfg}), changed at run time. A
 * component of its own: configuration on the servlet's component would become properties of the
 * servlet's service, and the HTTP whiteboard re-registers a servlet whose properties change.
 * The service type is private to this bundle.
 */
@Component(service = UploadLimit.class, configurationPid = "org.nubis.rest")
@Designate(ocd = RestConfig.class)
public class UploadLimit {

    private volatile long maxBytes;

    public UploadLimit() {
    }

    UploadLimit(long maxMegabytes) {
        set(maxMegabytes);
    }

    @Activate
    @Modified
    void configure(RestConfig config) {
        set(config.maxUploadMegabytes());
    }

    void set(long maxMegabytes) {
        if (maxMegabytes < 1) {
            throw new IllegalArgumentException("maxUploadMegabytes must be at least 1, not " + maxMegabytes);
        }
        this.maxBytes = maxMegabytes * 1024 * 1024;
    }

    /** Refuses at once an upload whose announced length is too large. */
    void checkAnnounced(long contentLength) {
        if (contentLength > maxBytes) {
            throw new TooLarge(contentLength, maxBytes);
        }
    }

    /** Copies the body to the file, stopping (and refusing) at the limit whatever the client announced. */
    void copy(InputStream body, Path to) throws IOException {
        long limit = maxBytes;
        long written = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(to)) {
            for (int n; (n = read(body, buffer)) >= 0; ) {
                written += n;
                if (written > limit) {
                    throw new TooLarge(written, limit);
                }
                out.write(buffer, 0, n);
            }
        }
    }

    /** Reads from the caller's body; a body that cannot be read to its end is the caller's error. */
    private static int read(InputStream body, byte[] buffer) {
        try {
            return body.read(buffer);
        } catch (IOException | RuntimeException e) {
            throw UnreadableBodies.unreadable();
        }
    }

    /** 413. */
    static final class TooLarge extends NubisException {
        private static final long serialVersionUID = 1L;

        TooLarge(long atLeast, long max) {
            super("the upload is larger than this Nubis takes (" + (atLeast > max ? "at least " + atLeast : atLeast)
                    + " bytes; at most " + max + "): raise maxUploadMegabytes in etc/org.nubis.rest.cfg, or copy less");
        }

        @Override
        public String code() {
            return "payload_too_large";
        }
    }
}
