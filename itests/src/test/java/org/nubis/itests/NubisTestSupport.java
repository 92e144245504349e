package org.nubis.itests;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.itests.KarafTestSupport;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.KarafDistributionBaseConfigurationOption;
import org.ops4j.pax.exam.karaf.options.KarafDistributionConfigurationFileReplacementOption;
import org.ops4j.pax.exam.options.TimeoutOption;

/**
 * Boots the Nubis distribution built by this reactor (assembly/target/nubis-*.tar.gz) instead of
 * plain Karaf, with Karaf's own test options otherwise (ports, Java 17 module flags), and keeps
 * the distribution's own users.properties.
 */
public abstract class NubisTestSupport extends KarafTestSupport {

    /** The nubis:owner tag of everything the tested Nubis creates. */
    static final String OWNER = "itest@nubis";
    /** An admin of the tested Nubis (the first-boot admin is tested by CrashRecoveryIT's fresh distribution). */
    static final String ITEST_USER = "itest";
    static final String ITEST_PASSWORD = "itest-password";

    protected NubisTestSupport() {
        // KarafTestSupport runs a failed test a second time; a flaky test should fail instead.
        retry = new Retry(false);
    }

    @Configuration
    @Override
    public Option[] config() {
        List<Option> options = new ArrayList<>();
        for (Option o : super.config()) {
            if (!(o instanceof KarafDistributionBaseConfigurationOption)
                    && !(o instanceof KarafDistributionConfigurationFileReplacementOption)
                    && !(o instanceof TimeoutOption)) {
                options.add(o);
            }
        }
        LocalCloudReaper.armOnce();
        String distribution = System.getProperty("nubis.distribution");
        if (distribution == null || !new File(distribution).isFile()) {
            throw new IllegalStateException("no Nubis distribution at " + distribution + ": build the assembly module first");
        }
        options.add(karafDistributionConfiguration()
                .frameworkUrl(new File(distribution).toURI().toString())
                .name("Nubis")
                .karafVersion(System.getProperty("karaf.version"))
                .unpackDirectory(new File("target/exam"))
                .useDeployFolder(false));
        // Karaf's default is an hour: a distribution that cannot boot should fail the build sooner.
        options.add(CoreOptions.systemTimeout(300_000));
        // The local cloud that the tests start ends itself soon after its last instance is gone.
        options.add(replaceConfigurationFile("data/localcloud/localcloud.properties",
                new File("src/test/resources/localcloud.properties")));
        options.add(editConfigurationFilePut("etc/org.nubis.core.cfg", "waitTimeoutSeconds", "120"));
        options.add(editConfigurationFilePut("etc/org.nubis.core.cfg", "owner", OWNER));
        options.add(editConfigurationFilePut("etc/users.properties", ITEST_USER, ITEST_PASSWORD + ",_g_:admingroup"));
        // Every test logs in from 127.0.0.1, some with wrong passwords on purpose: the address limit
        // would soon refuse them all. The user limit stays as shipped; RestIT tests the throttle.
        options.add(editConfigurationFilePut("etc/org.nubis.rest.cfg", "loginFailuresPerAddress", "100000"));
        return options.toArray(new Option[0]);
    }
}
