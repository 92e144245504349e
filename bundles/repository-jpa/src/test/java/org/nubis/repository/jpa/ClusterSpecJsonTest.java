package org.nubis.repository.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nubis.api.NubisException;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;

class ClusterSpecJsonTest {

    @Test
    void roundTripsEveryField() {
        ClusterTemplate full = ClusterRepositoryContract.fullTemplate();
        ClusterTemplate back = ClusterSpecJson.read(ClusterSpecJson.write(full), "test");
        assertEquals(full, back);
        assertEquals(List.copyOf(full.kinds().keySet()), List.copyOf(back.kinds().keySet()));
        assertEquals(ClusterSpecJson.write(full), ClusterSpecJson.write(back), "writing is deterministic");
    }

    @Test
    void writesAStableDocumentedFormat() {
        Map<String, NodeKind> kinds = new LinkedHashMap<>();
        kinds.put("frontend", new NodeKind("frontend", 1, 1, "img", null, List.of("master"), List.of("f.sh"),
                List.of("r.sh"), Map.of("b", "2", "a", "1")));
        kinds.put("compute", new NodeKind("compute", 3, 2, null, "small", null, null, null, null));
        ClusterTemplate t = new ClusterTemplate("slurm", "local", null, kinds, "script", Map.of("v", "1"),
                Map.of("net", "n1"), 600, 1800, "slurm.yaml");
        assertEquals("{\"format\":1,\"name\":\"slurm\",\"cloud\":\"local\",\"loginUser\":null,\"setupProvider\":\"script\","
                + "\"setupVars\":{\"v\":\"1\"},\"options\":{\"net\":\"n1\"},\"startTimeoutSeconds\":600,"
                + "\"setupTimeoutSeconds\":1800,\"source\":\"slurm.yaml\",\"kinds\":["
                + "{\"name\":\"frontend\",\"count\":1,\"minCount\":1,\"image\":\"img\",\"flavor\":null,"
                + "\"setupGroups\":[\"master\"],\"setupScripts\":[\"f.sh\"],\"refreshScripts\":[\"r.sh\"],"
                + "\"options\":{\"a\":\"1\",\"b\":\"2\"}},"
                + "{\"name\":\"compute\",\"count\":3,\"minCount\":2,\"image\":null,\"flavor\":\"small\","
                + "\"setupGroups\":[],\"setupScripts\":[],\"refreshScripts\":[],\"options\":{}}]}",
                ClusterSpecJson.write(t));
    }

    @Test
    void readsOlderAndSparserDocumentsAndIgnoresUnknownFields() {
        ClusterTemplate t = ClusterSpecJson.read("{\"name\":\"n\",\"cloud\":\"c\",\"future\":{\"x\":1},"
                + "\"kinds\":[{\"name\":\"k\",\"count\":2,\"later\":true}]}", "test");
        assertEquals("n", t.name());
        assertEquals(2, t.kinds().get("k").count());
        assertEquals(0, t.kinds().get("k").minCount());
        assertEquals(List.of(), t.kinds().get("k").refreshScripts());
        assertEquals(Map.of(), t.setupVars());
        assertEquals(null, t.loginUser());
    }

    @Test
    void keepsAKindKeyThatDiffersFromItsName() {
        ClusterTemplate t = new ClusterTemplate("n", "c", null,
                Map.of("workers", new NodeKind("compute", 1, 1, null, null, null, null, null, null)), null, null, null, 0, 0, null);
        assertEquals(t, ClusterSpecJson.read(ClusterSpecJson.write(t), "test"));
    }

    @Test
    void refusesWhatItCannotRead() {
        NubisException bad = assertThrows(NubisException.class, () -> ClusterSpecJson.read("{not json", "cluster 'x'"));
        assertTrue(bad.getMessage().startsWith("cluster 'x': the stored spec is not valid JSON"), bad.getMessage());
        NubisException newer = assertThrows(NubisException.class,
                () -> ClusterSpecJson.read("{\"format\":99}", "cluster 'x'"));
        assertTrue(newer.getMessage().contains("format 99"), newer.getMessage());
    }
}
