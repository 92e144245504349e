package org.nubis.api.experiment;

import java.util.List;
import org.nubis.api.NubisException;
import org.nubis.api.ssh.CommandResult;

/** A run with exit-code checking where some hosts failed; carries every host's result. */
public class CommandFailedException extends NubisException {
    private static final long serialVersionUID = 1L;
    private final transient List<CommandResult> results;

    public CommandFailedException(String message, List<CommandResult> results) {
        super(message);
        this.results = List.copyOf(results);
    }

    public List<CommandResult> results() {
        return results;
    }

    @Override
    public String code() {
        return "command_failed";
    }
}
