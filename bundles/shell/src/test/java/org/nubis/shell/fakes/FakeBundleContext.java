package org.nubis.shell.fakes;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** A bundle context that keeps the services registered through it, until they are unregistered. */
public final class FakeBundleContext {

    /** One registration: the service and its properties. */
    public record Registered(Object service, Dictionary<String, ?> properties) {
    }

    public final List<Registered> registered = new CopyOnWriteArrayList<>();
    public final List<Registered> unregistered = new CopyOnWriteArrayList<>();

    public BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        @SuppressWarnings("unchecked")
                        Registered r = new Registered(args[1], (Dictionary<String, ?>) args[2]);
                        registered.add(r);
                        return registration(r);
                    }
                    throw new UnsupportedOperationException("the test bundle context has no " + method.getName());
                });
    }

    private ServiceRegistration<?> registration(Registered r) {
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("unregister")) {
                        registered.remove(r);
                        unregistered.add(r);
                        return null;
                    }
                    throw new UnsupportedOperationException("the test registration has no " + method.getName());
                });
    }
}
