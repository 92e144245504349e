package org.nubis.core;

import java.lang.annotation.Annotation;

/** Core's own components, made the way their container makes them, for tests in other packages. */
public final class CoreFixtures {

    private CoreFixtures() {
    }

    /** Started pools; {@link #stop} them after the test. */
    public static CoreThreads threads() {
        CoreThreads t = new CoreThreads();
        t.activate();
        return t;
    }

    public static void stop(CoreThreads threads) {
        threads.deactivate();
    }

    /** The configuration ConfigAdmin would hand over: the defaults, with the owner and wait limit given. */
    public static CoreConfig config(String owner, int waitTimeoutSeconds) {
        return new CoreConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CoreConfig.class;
            }

            @Override
            public String defaultCloud() {
                return "local";
            }

            @Override
            public String owner() {
                return owner;
            }

            @Override
            public int waitTimeoutSeconds() {
                return waitTimeoutSeconds;
            }

            @Override
            public String clusterTemplateDir() {
                return "";
            }
        };
    }
}
