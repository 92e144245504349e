package org.nubis.rest.openapi;

import java.lang.reflect.Method;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * One HTTP method on one path, as Jersey's resource model has it.
 *
 * @param path          the OpenAPI path, e.g. {@code /experiments/{name}}
 * @param template      the JAX-RS template it came from, regexes kept, e.g. {@code experiments/{name: [a-z]+}}
 * @param httpMethod    upper case, e.g. {@code GET}
 * @param resourceClass the class that serves it (for sub-resources, the sub-resource class)
 * @param method        Jersey's model of the Java method
 */
record Endpoint(String path, String template, String httpMethod, Class<?> resourceClass, ResourceMethod method) {

    Method javaMethod() {
        return method.getInvocable().getHandlingMethod();
    }

    /** The {@link Doc}, on the implementation or else on the method it implements; null when there is none. */
    Doc doc() {
        Doc doc = javaMethod().getAnnotation(Doc.class);
        return doc != null ? doc : method.getInvocable().getDefinitionMethod().getAnnotation(Doc.class);
    }

    /** E.g. {@code GET /experiments/{name}}. */
    String key() {
        return httpMethod + " " + path;
    }
}
