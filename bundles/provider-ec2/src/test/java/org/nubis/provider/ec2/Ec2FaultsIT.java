package org.nubis.provider.ec2;

import org.nubis.provider.local.GeneratedKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubis.api.cloud.CloudInstance;
import org.nubis.api.cloud.LaunchSpec;
import org.nubis.api.cloud.NubisTags;
import org.nubis.api.cloud.PartialLaunchException;

/** Throttling and a capacity shortage injected by the local cloud's EC2 face (one fresh cloud per test). */
class Ec2FaultsIT {

    private static final String KEY = GeneratedKey.unchecked();

    @TempDir
    Path home;
    LocalCloudEc2Face face;
    Ec2CloudProvider provider = new Ec2CloudProvider();

    @BeforeEach
    void startTheFace() throws Exception {
        face = LocalCloudEc2Face.start(home.resolve("lc"));
    }

    @AfterEach
    void stopTheFace() throws Exception {
        provider.deactivate();
        if (face != null) {
            face.close();
        }
    }

    private static LaunchSpec spec(int count, String launch) {
        return new LaunchSpec(null, null, count, Map.of(NubisTags.OWNER, "it", NubisTags.LAUNCH, launch), List.of(KEY), null);
    }

    @Test
    void aLaunchGetsThroughOneRequestInFiveBeingThrottled() throws Exception {
        face.knobs("{\"ec2ThrottleRate\": 0.2}");
        Ec2CloudConnection cloud = (Ec2CloudConnection) provider.connect(face.settings("throttled", "launchBatchSize", "4"));
        List<CloudInstance> launched = cloud.launch(spec(10, "T1"));
        assertEquals(10, launched.size());
        assertEquals(10, cloud.describe(Map.of(NubisTags.LAUNCH, "T1")).size());
        cloud.terminate(launched.stream().map(CloudInstance::cloudId).toList());
    }

    @Test
    void aCapacityErrorOnTheSecondCallLeavesExactlyTheFirstCallsInstancesAllAccountedFor() throws Exception {
        face.knobs("{\"ec2CapacityFailAfter\": 1}");
        Ec2CloudConnection cloud = (Ec2CloudConnection) provider.connect(face.settings("short", "launchBatchSize", "2"));
        PartialLaunchException e = assertThrows(PartialLaunchException.class, () -> cloud.launch(spec(5, "C1")));
        assertEquals(2, e.launched().size(), e.getMessage());
        assertTrue(e.getMessage().contains("InsufficientInstanceCapacity"), e.getMessage());
        assertTrue(e.getMessage().contains("try another instance type or zone"), e.getMessage());
        assertTrue(e.getMessage().contains("2 of 5"), e.getMessage());

        Set<String> tracked = e.launched().stream().map(CloudInstance::cloudId).collect(Collectors.toSet());
        Set<String> onTheCloud = cloud.describe(Map.of(NubisTags.LAUNCH, "C1")).stream().map(CloudInstance::cloudId)
                .collect(Collectors.toSet());
        assertEquals(tracked, onTheCloud, "no instance the cloud made is untracked");
        cloud.terminate(tracked);
    }
}
