package org.nubis.rest.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplatesTest {

    @Test
    void joinsWithExactlyOneSlash() {
        assertEquals("/", PathTemplates.join(""));
        assertEquals("/", PathTemplates.join("", "/", null));
        assertEquals("/clouds", PathTemplates.join("", "clouds"));
        assertEquals("/experiments/{name}/instances", PathTemplates.join("/experiments/", "/{name}/", "instances/"));
    }

    @Test
    void dropsRegexesEvenWithBracesOrSlashesInThem() {
        assertEquals("/ids/{id}", PathTemplates.join("ids", "{id: [a-z]+}"));
        assertEquals("/codes/{code}/x", PathTemplates.join("codes/{ code : [0-9]{3} }/x"));
        assertEquals("/files/{path}", PathTemplates.join("files/{path: .+/.+}"));
    }

    @Test
    void reportsVariablesWithTheirRegexes() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("name", null);
        expected.put("code", "[0-9]{3}");
        assertEquals(expected, PathTemplates.variables("a/{name}/b/{code: [0-9]{3}}"));
    }
}
