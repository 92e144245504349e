package org.nubis.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.nubis.api.auth.Role;

/**
 * The role a resource method needs, when it is not the default (viewer to read with GET, operator
 * for everything else).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@interface Needs {
    Role value();
}
