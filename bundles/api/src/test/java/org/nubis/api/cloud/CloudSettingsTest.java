package org.nubis.api.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nubis.api.InvalidRequestException;

class CloudSettingsTest {

    private final CloudSettings settings = new CloudSettings("lab", "ec2",
            Map.of("region", " eu-west-1 ", "retries", "x3", "blank", " ", "secretKey", "s3cr3t"));

    @Test
    void valuesAreTrimmedAndBlankMeansDefault() {
        assertEquals("eu-west-1", settings.get("region", null));
        assertEquals("fallback", settings.get("blank", "fallback"));
        assertEquals(7, settings.getInt("missing", 7));
    }

    @Test
    void aBadNumberNamesTheCloudAndTheSetting() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> settings.getInt("retries", 1));
        assertEquals("cloud 'lab': setting retries must be a whole number, not 'x3'", e.getMessage());
    }

    @Test
    void printingSettingsNeverShowsTheirValues() {
        assertFalse(settings.toString().contains("s3cr3t"), settings.toString());
    }

    @Test
    void statesAreReadAsCloudsSpellThem() {
        assertEquals(InstanceState.RUNNING, InstanceState.parse("running"));
        assertEquals(InstanceState.STOPPING, InstanceState.parse("shutting-down"));
        assertEquals("stopped", InstanceState.STOPPED.label());
    }
}
