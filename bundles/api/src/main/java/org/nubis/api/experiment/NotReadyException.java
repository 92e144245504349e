package org.nubis.api.experiment;

import java.util.Map;
import org.nubis.api.NubisException;

/** A wait that timed out: names each instance that is not ready, and why. */
public class NotReadyException extends NubisException {
    private static final long serialVersionUID = 1L;
    private final transient Map<String, String> notReady;

    public NotReadyException(String message, Map<String, String> notReady) {
        super(message);
        this.notReady = Map.copyOf(notReady);
    }

    /** Instance id → why it is not ready. */
    public Map<String, String> notReady() {
        return notReady;
    }

    @Override
    public String code() {
        return "not_ready";
    }
}
