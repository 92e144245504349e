package org.nubis.setup.ansible;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

/** The provider's configuration, as Configuration Admin would hand it over. */
record TestConfig(String ansiblePlaybook, String workDir, int forks) implements AnsibleConfig {

    static TestConfig in(Path workDir) {
        return new TestConfig("", workDir.toString(), 0);
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return AnsibleConfig.class;
    }
}
