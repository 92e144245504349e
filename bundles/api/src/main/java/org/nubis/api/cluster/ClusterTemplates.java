package org.nubis.api.cluster;

import java.util.List;

/**
 * The cluster templates: YAML files in {@code etc/nubis/clusters/}. A template is checked fully
 * before it is used or saved: every error in one {@link TemplateException}.
 */
public interface ClusterTemplates {

    List<ClusterTemplate> templates();

    ClusterTemplate template(String name);

    /** Checks YAML text as a template named {@code name}, without saving it. */
    ClusterTemplate parse(String name, String yaml);

    /** Checks and saves a template as {@code etc/nubis/clusters/NAME.yaml}. */
    ClusterTemplate save(String name, String yaml);
}
