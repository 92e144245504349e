package org.nubis.rest.openapi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * Every endpoint of some resource classes, from Jersey's own resource model: what Jersey will serve is
 * what gets documented, including sub-resource methods and the resources behind sub-resource locators.
 */
final class ResourceWalker {

    private ResourceWalker() {
    }

    static List<Endpoint> endpoints(List<Class<?>> resourceClasses) {
        List<Endpoint> out = new ArrayList<>();
        for (Class<?> resourceClass : resourceClasses) {
            Set<Class<?>> chain = new HashSet<>();
            chain.add(resourceClass);
            Resource root = Resource.from(resourceClass);
            walk(root, root.getPath() == null ? "" : root.getPath(), resourceClass, chain, out);
        }
        return out;
    }

    /** The resource's endpoints, {@code template} being its own full path. */
    private static void walk(Resource resource, String template, Class<?> owner, Set<Class<?>> chain,
                             List<Endpoint> out) {
        String path = PathTemplates.join(template);
        for (ResourceMethod method : resource.getResourceMethods()) {
            out.add(new Endpoint(path, template, method.getHttpMethod(), owner, method));
        }
        ResourceMethod locator = resource.getResourceLocator();
        if (locator != null) {
            Class<?> sub = locator.getInvocable().getRawResponseType();
            // Object or Class<?> tell nothing; a locator that leads back to a class on the way would never end.
            if (sub != Object.class && sub != Class.class && chain.add(sub)) {
                // A sub-resource's own @Path, if any, does not count (JAX-RS): it sits at the locator's path.
                walk(Resource.from(sub), template, sub, chain, out);
                chain.remove(sub);
            }
        }
        for (Resource child : resource.getChildResources()) {
            walk(child, template + "/" + child.getPath(), owner, chain, out);
        }
    }
}
