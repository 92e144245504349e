package org.nubis.api.cluster;

import java.util.List;
import org.nubis.api.InvalidRequestException;

/** A template with errors: all of them, each naming the file and the field. */
public class TemplateException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> errors;

    public TemplateException(String source, List<String> errors) {
        super(source + ": " + errors.size() + (errors.size() == 1 ? " error: " : " errors: ") + String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    /** Each error as {@code field: what is wrong}. */
    public List<String> errors() {
        return errors;
    }

    @Override
    public String code() {
        return "invalid_template";
    }
}
