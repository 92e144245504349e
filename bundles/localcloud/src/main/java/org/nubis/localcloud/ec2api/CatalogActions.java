package org.nubis.localcloud.ec2api;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** DescribeImages (one AMI per local image), DescribeRegions and DescribeAvailabilityZones. */
final class CatalogActions {

    static final Set<String> IMAGE_FILTERS = Set.of("image-id", "name", "state", "architecture", "owner-id",
            "image-type", "root-device-type", "virtualization-type", "is-public");
    static final Set<String> REGION_FILTERS = Set.of("region-name", "endpoint", "opt-in-status");
    static final Set<String> ZONE_FILTERS = Set.of("zone-name", "zone-id", "state", "region-name", "zone-type",
            "group-name", "opt-in-status");
    /** Other regions to list beside the configured one; all of them are served by this one local cloud. */
    private static final List<String> OTHER_REGIONS = List.of("us-east-1", "us-east-2", "us-west-2", "eu-west-1");
    private static final String IMAGE_CREATED = "2024-01-01T00:00:00.000Z";

    private final List<String> images;
    private final Ec2Config config;

    CatalogActions(List<String> images, Ec2Config config) {
        this.images = List.copyOf(images);
        this.config = config;
    }

    void register(Map<String, Ec2Action> actions) {
        actions.put("DescribeImages", this::images);
        actions.put("DescribeRegions", this::regions);
        actions.put("DescribeAvailabilityZones", this::zones);
    }

    private void images(QueryParams params, XmlWriter xml) {
        List<String> ids = params.list("ImageId");
        ids.forEach(id -> Images.imageOf(id, images));
        List<String> owners = params.list("Owner");
        List<Filter> filters = params.filters();
        Filter.checkNames(filters, IMAGE_FILTERS, false);
        // The images belong to this account: "self" or its id; "amazon" and others own none here.
        boolean owned = owners.isEmpty() || owners.contains("self") || owners.contains(Ec2Ids.OWNER_ID);
        List<String> shown = images.stream()
                .filter(image -> owned && (ids.isEmpty() || ids.contains(Images.imageId(image))))
                .filter(image -> filters.stream().allMatch(f -> f.matchesAny(imageValues(f.name(), image))))
                .toList();
        if (shown.isEmpty()) {
            xml.empty("imagesSet");
            return;
        }
        xml.start("imagesSet");
        for (String image : shown) {
            xml.start("item")
                    .value("imageId", Images.imageId(image))
                    .value("imageLocation", "localcloud/" + image)
                    .value("imageState", "available")
                    .value("imageOwnerId", Ec2Ids.OWNER_ID)
                    .value("creationDate", IMAGE_CREATED)
                    .value("isPublic", false)
                    .value("architecture", InstanceXml.ARCHITECTURE)
                    .value("imageType", "machine")
                    .value("name", image)
                    .value("description", "Local cloud sandbox image '" + image + "'")
                    .value("rootDeviceType", "ebs")
                    .value("rootDeviceName", InstanceXml.ROOT_DEVICE)
                    .empty("blockDeviceMapping")
                    .value("virtualizationType", "hvm")
                    .value("hypervisor", "xen")
                    .value("enaSupport", true)
                    .value("platformDetails", "Linux/UNIX")
                    .value("usageOperation", "RunInstances")
                    .end();
        }
        xml.end();
    }

    private void regions(QueryParams params, XmlWriter xml) {
        Set<String> regions = new LinkedHashSet<>();
        regions.add(config.region());
        regions.addAll(OTHER_REGIONS);
        List<String> names = params.list("RegionName");
        for (String name : names) {
            if (!regions.contains(name)) {
                throw Ec2Error.invalidValue("Invalid region names: " + name);
            }
        }
        List<Filter> filters = params.filters();
        Filter.checkNames(filters, REGION_FILTERS, false);
        xml.start("regionInfo");
        for (String region : regions) {
            String endpoint = "ec2." + region + ".amazonaws.com";
            boolean shown = (names.isEmpty() || names.contains(region)) && filters.stream().allMatch(f -> f.matchesAny(
                    switch (f.name()) {
                        case "region-name" -> List.of(region);
                        case "endpoint" -> List.of(endpoint);
                        default -> List.of("opt-in-not-required");
                    }));
            if (shown) {
                xml.start("item").value("regionName", region).value("regionEndpoint", endpoint)
                        .value("optInStatus", "opt-in-not-required").end();
            }
        }
        xml.end();
    }

    private void zones(QueryParams params, XmlWriter xml) {
        List<String> names = params.list("ZoneName");
        List<String> zoneIds = params.list("ZoneId");
        for (String name : names) {
            if (!config.zones().contains(name)) {
                throw Ec2Error.invalidValue("The zone '" + name + "' does not exist.");
            }
        }
        for (String id : zoneIds) {
            if (config.zones().stream().noneMatch(zone -> config.zoneId(zone).equals(id))) {
                throw Ec2Error.invalidValue("The zone '" + id + "' does not exist.");
            }
        }
        List<Filter> filters = params.filters();
        Filter.checkNames(filters, ZONE_FILTERS, false);
        xml.start("availabilityZoneInfo");
        for (String zone : config.zones()) {
            String zoneId = config.zoneId(zone);
            boolean named = (names.isEmpty() && zoneIds.isEmpty()) || names.contains(zone) || zoneIds.contains(zoneId);
            boolean shown = named && filters.stream().allMatch(f -> f.matchesAny(List.of(switch (f.name()) {
                case "zone-name" -> zone;
                case "zone-id" -> zoneId;
                case "state" -> "available";
                case "region-name", "group-name" -> config.region();
                case "zone-type" -> "availability-zone";
                default -> "opt-in-not-required";
            })));
            if (shown) {
                xml.start("item")
                        .value("optInStatus", "opt-in-not-required")
                        .empty("messageSet")
                        .value("regionName", config.region())
                        .value("zoneName", zone)
                        .value("zoneId", zoneId)
                        .value("groupName", config.region())
                        .value("networkBorderGroup", config.region())
                        .value("zoneType", "availability-zone")
                        .value("zoneState", "available")
                        .end();
            }
        }
        xml.end();
    }

    private static List<String> imageValues(String filter, String image) {
        return List.of(switch (filter) {
            case "image-id" -> Images.imageId(image);
            case "name" -> image;
            case "state" -> "available";
            case "architecture" -> InstanceXml.ARCHITECTURE;
            case "owner-id" -> Ec2Ids.OWNER_ID;
            case "image-type" -> "machine";
            case "root-device-type" -> "ebs";
            case "virtualization-type" -> "hvm";
            default -> "false"; // is-public
        });
    }
}
