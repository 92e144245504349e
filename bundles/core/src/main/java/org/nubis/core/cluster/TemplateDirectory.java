package org.nubis.core.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.nubis.api.NotFoundException;
import org.nubis.api.NubisException;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.ClusterTemplates;
import org.nubis.api.cluster.TemplateException;
import org.nubis.core.CoreConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Cluster templates as YAML files in one directory ({@code etc/nubis/clusters} by default). */
@Component(service = ClusterTemplates.class, configurationPid = "org.nubis.core")
public class TemplateDirectory implements ClusterTemplates {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateDirectory.class);
    private volatile Path dir;

    public TemplateDirectory() {
        // for Declarative Services
    }

    TemplateDirectory(Path dir) {
        this.dir = dir;
    }

    @Activate
    @Modified
    void configure(CoreConfig config) {
        String configured = config.clusterTemplateDir();
        dir = configured == null || configured.isBlank()
                ? Path.of(System.getProperty("karaf.etc", System.getProperty("user.home") + "/.nubis"), "nubis", "clusters")
                : Path.of(configured.trim());
    }

    Path directory() {
        return dir;
    }

    @Override
    public List<ClusterTemplate> templates() {
        List<ClusterTemplate> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                String name = f.getFileName().toString().replaceFirst("\\.yaml$", "");
                try {
                    found.add(read(name, f));
                } catch (TemplateException e) {
                    // One broken file must not hide the others; using it reports every error.
                    LOG.warn("Skipping cluster template {}: {}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new NubisException("cannot list cluster templates in " + dir + ": " + e.getMessage(), e);
        }
        return found;
    }

    @Override
    public ClusterTemplate template(String name) {
        TemplateReader.checkName(name);
        Path f = dir.resolve(name + ".yaml");
        if (!Files.isRegularFile(f)) {
            throw new NotFoundException("no cluster template '" + name + "' (looked for " + f + "); templates: "
                    + String.join(", ", templates().stream().map(ClusterTemplate::name).toList()));
        }
        return read(name, f);
    }

    @Override
    public ClusterTemplate parse(String name, String yaml) {
        TemplateReader.checkName(name);
        return TemplateReader.read(name, yaml, dir.resolve(name + ".yaml").toString());
    }

    @Override
    public ClusterTemplate save(String name, String yaml) {
        ClusterTemplate t = parse(name, yaml);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(name + ".yaml"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new NubisException("cannot save cluster template " + name + " in " + dir + ": " + e.getMessage(), e);
        }
        return t;
    }

    private static ClusterTemplate read(String name, Path file) {
        try {
            return TemplateReader.read(name, Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new NubisException("cannot read cluster template " + file + ": " + e.getMessage(), e);
        }
    }
}
