package org.nubis.api.cloud;

import java.util.List;
import org.nubis.api.CloudException;

/** A launch that the cloud accepted only in part: the created instances must still be tracked. */
public class PartialLaunchException extends CloudException {
    private static final long serialVersionUID = 1L;
    private final transient List<CloudInstance> launched;

    public PartialLaunchException(String message, List<CloudInstance> launched, Throwable cause) {
        super(message, cause);
        this.launched = List.copyOf(launched);
    }

    public List<CloudInstance> launched() {
        return launched;
    }
}
