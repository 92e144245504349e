package org.nubis.rest.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiResourceTest {

    @Test
    void servesTheDocumentOfTheClassesAndOfItself() {
        OpenApiResource resource = new OpenApiResource(Samples.RESOURCES, "/nubis/api/v1", new ObjectMapper());
        JsonNode document = resource.document();
        assertSame(document, resource.document(), "built once");
        JsonNode get = document.at("/paths/~1openapi.json/get");
        assertEquals("This OpenAPI document", get.path("summary").asText());
        assertTrue(get.path("security").isArray() && get.path("security").isEmpty(), "no login needed");
        assertTrue(document.at("/paths").has("/things"), "the other resources are in it");
        assertTrue(OpenApiDocument.undocumented(List.of(OpenApiResource.class)).isEmpty());
    }

    @Test
    void isListedOnceWhenAlreadyGiven() {
        List<Class<?>> classes = new ArrayList<>(Samples.RESOURCES);
        classes.add(OpenApiResource.class);
        JsonNode document = new OpenApiResource(classes, "/", new ObjectMapper()).document();
        List<String> ids = new ArrayList<>();
        document.at("/paths/~1openapi.json").forEach(operation -> ids.add(operation.path("operationId").asText()));
        assertEquals(List.of("openApi_document"), ids);
    }
}
