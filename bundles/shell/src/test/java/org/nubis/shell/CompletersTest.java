package org.nubis.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.parsing.CommandLineImpl;
import org.junit.jupiter.api.Test;
import org.nubis.api.cluster.ClusterState;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.ClusterTemplates;
import org.nubis.shell.cloud.CloudNameCompleter;
import org.nubis.shell.cluster.ClusterNameCompleter;
import org.nubis.shell.cluster.TemplateNameCompleter;
import org.nubis.shell.experiment.ExperimentNameCompleter;
import org.nubis.shell.fakes.Consoles;
import org.nubis.shell.fakes.FakeCloudRegistry;
import org.nubis.shell.fakes.FakeClusters;
import org.nubis.shell.fakes.FakeExperiments;
import org.nubis.shell.fakes.Inject;
import org.nubis.shell.fakes.Samples;

/** Each completer offers the names that exist when TAB is pressed, not the ones that existed when it was made. */
class CompletersTest {

    private final Session session = Consoles.session(System.out, null, Path.of("."));

    /** The candidates for the word being typed, as the console would show them. */
    private List<String> complete(Completer completer, String typed) {
        CommandLine line = new CommandLineImpl(new String[] {"cmd", typed}, 1, typed.length(), 4 + typed.length(), "cmd " + typed);
        List<String> candidates = new ArrayList<>();
        completer.complete(session, line, candidates);
        return candidates.stream().map(String::strip).toList();
    }

    @Test
    void experimentNames() {
        FakeExperiments experiments = new FakeExperiments().with("demo").with("dask");
        Completer c = Inject.field(new ExperimentNameCompleter(), "experiments", experiments);
        assertEquals(List.of("dask", "demo"), complete(c, "d"));
        assertEquals(List.of("demo"), complete(c, "de"));

        experiments.with("deep");
        experiments.experiments.remove("demo");
        assertEquals(List.of("deep"), complete(c, "de"));
    }

    @Test
    void clusterNames() {
        FakeClusters clusters = new FakeClusters().with(Samples.cluster("hpc", ClusterState.RUNNING));
        Completer c = Inject.field(new ClusterNameCompleter(), "clusters", clusters);
        assertEquals(List.of("hpc"), complete(c, ""));

        clusters.with(Samples.cluster("hadoop", ClusterState.CREATED));
        assertEquals(List.of("hadoop", "hpc"), complete(c, "h"));
        assertEquals(List.of(), complete(c, "x"));
    }

    @Test
    void cloudNames() {
        FakeCloudRegistry clouds = new FakeCloudRegistry().with("local").with("lab");
        Completer c = Inject.field(new CloudNameCompleter(), "clouds", clouds);
        assertEquals(List.of("lab", "local"), complete(c, "l"));

        clouds.remove("lab");
        assertEquals(List.of("local"), complete(c, "l"));
    }

    @Test
    void templateNames() {
        List<ClusterTemplate> all = new ArrayList<>(List.of(Samples.template("slurm", null)));
        ClusterTemplates templates = new ClusterTemplates() {
            @Override
            public List<ClusterTemplate> templates() {
                return all;
            }

            @Override
            public ClusterTemplate template(String name) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ClusterTemplate parse(String name, String yaml) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ClusterTemplate save(String name, String yaml) {
                throw new UnsupportedOperationException();
            }
        };
        Completer c = Inject.field(new TemplateNameCompleter(), "templates", templates);
        assertEquals(List.of("slurm"), complete(c, "s"));

        all.add(Samples.template("spark", "lab"));
        assertEquals(List.of("slurm", "spark"), complete(c, "s"));
    }
}
