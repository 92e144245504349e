package org.nubis.core.cluster;

import java.util.List;
import java.util.regex.Pattern;
import org.nubis.core.Echo;

/**
 * The shapes of a template's values, wherever they are written (the template file or a
 * {@code --set} override): each has the shape of what it names, and nothing else ({@code ../../x}
 * is no cloud, {@code $(id)} no flavor).
 */
enum TemplateShapes {
    /** A cloud's name, as clouds are defined. */
    CLOUD("[a-z][a-z0-9-]{0,62}", "a cloud's name (lower-case letters, digits and '-')"),
    /** A login name, as POSIX systems take them. */
    USER("[a-z_][a-z0-9_-]{0,31}", "a login name (lower-case letters, digits, '_' and '-')"),
    /** An image by id or name (ami-0abc, Ubuntu 22.04): no shell or path syntax. */
    IMAGE("[A-Za-z0-9][A-Za-z0-9 ._:+@=-]{0,127}", "an image's id or name"),
    /** A flavor by id or name (m1.small, t3.micro): no shell or path syntax. */
    FLAVOR(IMAGE.pattern.pattern(), "a flavor's id or name"),
    /** A variable name, as Ansible and shells take them. */
    VARIABLE("[A-Za-z_][A-Za-z0-9_]{0,63}", "a variable name (letters, digits and '_', not first a digit)"),
    /** A setup provider's type (ansible, script). */
    PROVIDER("[a-z][a-z0-9-]{0,31}", "a setup provider's type (lower-case letters, digits and '-')");

    private final Pattern pattern;
    private final String expected;

    TemplateShapes(String regex, String expected) {
        this.pattern = Pattern.compile(regex);
        this.expected = expected;
    }

    /** Whether the value is empty or null (the default) or has the shape; says what was expected when not. */
    boolean check(String value, String at, List<String> errors) {
        if (value == null || value.isEmpty() || pattern.matcher(value).matches()) {
            return true;
        }
        errors.add(at + ": '" + Echo.of(value) + "' is not " + expected);
        return false;
    }
}
