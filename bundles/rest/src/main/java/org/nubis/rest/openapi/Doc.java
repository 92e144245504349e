package org.nubis.rest.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What the OpenAPI document says about one resource method. The Java signature already tells paths,
 * parameters and most bodies; this adds what it cannot: the words, the real success status, and the
 * body type of methods that return a {@code Response}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Doc {

    /** Summary: one short line. */
    String value();

    /** Longer description (CommonMark), if the summary is not enough. */
    String description() default "";

    /** The success status, e.g. 201 for a creation or 202 for a long operation. */
    int status() default 200;

    /**
     * A second success status with the same body, if any: 200 for a request that starts an operation
     * and, with {@code ?wait}, answers it finished.
     */
    int alsoStatus() default 0;

    /** The success body type when the method returns {@code Response} or {@code Object}. */
    Class<?> returns() default Void.class;

    /** Whether the body is a JSON array of {@link #returns()}. */
    boolean returnsList() default false;

    /** The media type of the answer when it is not what {@code @Produces} says, e.g. "text/event-stream". */
    String produces() default "";

    /** No login needed. */
    boolean publicAccess() default false;

    /** The role needed (viewer, operator, admin); informational, the filter enforces the real rule. */
    String role() default "";
}
