package org.nubis.client;

import java.util.Map;

/** A cluster template as listed ({@code GET /templates}): its cloud and how many nodes of each kind it starts. */
public record TemplateInfo(String name, String cloud, Map<String, Integer> kinds) {
    public TemplateInfo {
        kinds = kinds == null ? Map.of() : Map.copyOf(kinds);
    }
}
