package org.nubis.api.auth;

/**
 * Encrypts secrets at rest (cloud credentials): sealed values are text that can sit in a
 * configuration file, and only this installation's key opens them.
 */
public interface SecretBox {

    String seal(String plain);

    /** @throws org.nubis.api.NubisException when the value was sealed with another key or is damaged */
    String open(String sealed);

    /** Whether a value is sealed text (as opposed to a plain value). */
    boolean isSealed(String value);
}
