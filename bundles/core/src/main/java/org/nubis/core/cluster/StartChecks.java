package org.nubis.core.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.nubis.api.cloud.CloudCatalog;
import org.nubis.api.cluster.ClusterTemplate;
import org.nubis.api.cluster.NodeKind;
import org.nubis.api.cluster.TemplateException;
import org.nubis.api.setup.SetupProvider;

/**
 * What a template asks of the world, checked before anything is created: the cloud's images and
 * flavors, and the setup provider and what it reads. Every problem at once.
 */
final class StartChecks {

    private StartChecks() {
    }

    static void check(ClusterTemplate spec, String cloudName, CloudCatalog catalog, Function<String, SetupProvider> providers,
                      List<String> deployedProviders) {
        List<String> errors = new ArrayList<>();
        for (NodeKind k : spec.kinds().values()) {
            String image = k.image() == null ? catalog.defaultImage() : k.image();
            String flavor = k.flavor() == null ? catalog.defaultFlavor() : k.flavor();
            if (!catalog.images().contains(image)) {
                errors.add("kinds." + k.name() + ".image: unknown image '" + image + "' on cloud '" + cloudName + "'; available: "
                        + String.join(", ", catalog.images()));
            }
            if (!catalog.flavors().contains(flavor)) {
                errors.add("kinds." + k.name() + ".flavor: unknown flavor '" + flavor + "' on cloud '" + cloudName + "'; available: "
                        + String.join(", ", catalog.flavors()));
            }
            if (k.count() > catalog.maxLaunchCount()) {
                errors.add("kinds." + k.name() + ".count: " + k.count() + " is more than cloud '" + cloudName
                        + "' launches in one request (" + catalog.maxLaunchCount() + ")");
            }
        }
        if (spec.setupProvider() != null) {
            SetupProvider provider = providers.apply(spec.setupProvider());
            if (provider == null) {
                errors.add("setup.provider: '" + spec.setupProvider() + "' is not deployed; deployed: "
                        + (deployedProviders.isEmpty() ? "none" : String.join(", ", deployedProviders)));
            } else {
                errors.addAll(provider.validate(spec));
            }
        }
        if (!errors.isEmpty()) {
            throw new TemplateException("cluster template " + spec.name() + " (" + spec.source() + ")", errors);
        }
    }
}
