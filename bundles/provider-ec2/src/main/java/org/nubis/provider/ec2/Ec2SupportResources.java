package org.nubis.provider.ec2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nubis.api.CloudException;
import org.nubis.api.InvalidRequestException;
import org.nubis.api.cloud.NubisTags;
import org.nubis.api.cloud.SupportResources.SupportResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * The key pair and security group that instances of one cloud connection use: made on the first
 * launch when they are missing, listed, and removed when unused.
 * Callers serialise {@link #remove} against launches (see {@code Ec2CloudConnection}).
 */
final class Ec2SupportResources {

    static final String KEY_PAIR = "key-pair";
    static final String SECURITY_GROUP = "security-group";
    private static final Logger LOG = LoggerFactory.getLogger(Ec2SupportResources.class);

    private final Ec2Client ec2;
    private final Ec2Settings s;
    private final Ec2Errors errors;
    /** One launch's preparation at a time, so that two launches do not both create the group. */
    private final Object setup = new Object();

    Ec2SupportResources(Ec2Client ec2, Ec2Settings settings, Ec2Errors errors) {
        this.ec2 = ec2;
        this.s = settings;
        this.errors = errors;
    }

    /** What {@code RunInstances} needs: the key pair's name and the security group's id. */
    record Prepared(String keyName, String groupId) {
    }

    /**
     * Makes sure the key pair holds {@code publicKeys[0]} (when importKeyPair) and the security group
     * exists (creating it when createSecurityGroup). Looked up on every launch, not remembered: another
     * cloud on the same account with the same names may have deleted them as unused since.
     */
    Prepared prepare(List<String> publicKeys, Map<String, String> launchTags) {
        synchronized (setup) {
            if (s.importKeyPair() && !publicKeys.isEmpty()) {
                ensureKeyPair(keyOf(publicKeys.get(0)), ownerTags(launchTags));
            }
            return new Prepared(s.keyPairName(), ensureGroup(ownerTags(launchTags)));
        }
    }

    /** The configured key pair and security group as the cloud shows them now. */
    List<SupportResource> list(List<Instance> live) {
        List<SupportResource> out = new ArrayList<>();
        findKeyPair().ifPresent(k -> out.add(new SupportResource(KEY_PAIR,
                k.keyPairId() != null ? k.keyPairId() : k.keyName(), k.keyName(),
                live.stream().anyMatch(i -> s.keyPairName().equals(i.keyName())))));
        findGroup(vpcId()).ifPresent(g -> out.add(new SupportResource(SECURITY_GROUP, g.groupId(), g.groupName(),
                live.stream().anyMatch(i -> i.hasSecurityGroups() && i.securityGroups().stream()
                        .anyMatch(ref -> g.groupId().equals(ref.groupId()))))));
        return out;
    }

    /**
     * Deletes one unused resource when this connection would make it again (importKeyPair /
     * createSecurityGroup); returns false when it was kept.
     */
    boolean remove(SupportResource r) {
        try {
            if (r.kind().equals(KEY_PAIR) && s.importKeyPair()) {
                ec2.deleteKeyPair(b -> b.keyName(r.name()));
            } else if (r.kind().equals(SECURITY_GROUP) && s.createSecurityGroup() && !r.name().equals("default")) {
                ec2.deleteSecurityGroup(b -> b.groupId(r.id()));
            } else {
                return false;
            }
        } catch (SdkException e) {
            // e.g. DependencyViolation: a network interface of a terminated instance still holds the group
            LOG.warn("Cloud '{}': kept {} {}: {}", s.cloudName(), r.kind(), r.name(), errors.message("deleting it", e));
            return false;
        }
        LOG.info("Cloud '{}': deleted unused {} {} ({})", s.cloudName(), r.kind(), r.name(), r.id());
        return true;
    }

    private void ensureKeyPair(String key, List<Tag> tags) {
        Optional<KeyPairInfo> found = findKeyPair();
        if (found.isPresent()) {
            String there = found.get().publicKey();
            if (there != null && !there.isBlank() && !keyOf(there).equals(key)) {
                throw new CloudException("cloud '" + s.cloudName() + "': key pair '" + s.keyPairName()
                        + "' exists with another public key than Nubis's, so Nubis could not log in to its instances;"
                        + " delete the key pair (Nubis imports it again) or set keyPairName to another name");
            }
            return;
        }
        try {
            ec2.importKeyPair(b -> b.keyName(s.keyPairName())
                    .publicKeyMaterial(SdkBytes.fromString(key, StandardCharsets.US_ASCII))
                    .tagSpecifications(tagSpec(ResourceType.KEY_PAIR, tags)));
            LOG.info("Cloud '{}': imported key pair {}", s.cloudName(), s.keyPairName());
        } catch (SdkException e) {
            if (!Ec2Errors.isCode(e, "InvalidKeyPair.Duplicate")) { // else made at the same time by another connection
                throw errors.translate("importing key pair '" + s.keyPairName() + "'", e);
            }
        }
    }

    private String ensureGroup(List<Tag> tags) {
        String vpc = vpcId();
        Optional<SecurityGroup> found = findGroup(vpc);
        if (found.isPresent()) {
            return found.get().groupId();
        }
        if (!s.createSecurityGroup()) {
            throw new InvalidRequestException("cloud '" + s.cloudName() + "': security group '" + s.securityGroup()
                    + "' does not exist" + (vpc != null ? " in " + vpc : "")
                    + "; create it, or set createSecurityGroup = true");
        }
        String id;
        try {
            id = ec2.createSecurityGroup(b -> b.groupName(s.securityGroup()).vpcId(vpc)
                    .description("Nubis: SSH to its instances")
                    .tagSpecifications(tagSpec(ResourceType.SECURITY_GROUP, tags))).groupId();
        } catch (SdkException e) {
            if (Ec2Errors.isCode(e, "InvalidGroup.Duplicate")) { // made at the same time by another connection
                return findGroup(vpc).orElseThrow(() -> errors.translate("creating security group '" + s.securityGroup() + "'", e))
                        .groupId();
            }
            throw errors.translate("creating security group '" + s.securityGroup() + "'", e);
        }
        IpPermission ssh = IpPermission.builder().ipProtocol("tcp").fromPort(s.sshPort()).toPort(s.sshPort())
                .ipRanges(s.sshCidr().contains(":") ? List.of() : List.of(IpRange.builder().cidrIp(s.sshCidr())
                        .description("SSH for Nubis").build()))
                .ipv6Ranges(s.sshCidr().contains(":") ? List.of(Ipv6Range.builder().cidrIpv6(s.sshCidr())
                        .description("SSH for Nubis").build()) : List.of())
                .build();
        try {
            ec2.authorizeSecurityGroupIngress(b -> b.groupId(id).ipPermissions(ssh));
        } catch (SdkException e) {
            if (!Ec2Errors.isCode(e, "InvalidPermission.Duplicate")) {
                throw errors.translate("opening port " + s.sshPort() + " in security group '" + s.securityGroup() + "'", e);
            }
        }
        LOG.info("Cloud '{}': created security group {} ({}) with SSH port {} open to {}", s.cloudName(),
                s.securityGroup(), id, s.sshPort(), s.sshCidr());
        return id;
    }

    private Optional<KeyPairInfo> findKeyPair() {
        try {
            return ec2.describeKeyPairs(b -> b.keyNames(s.keyPairName()).includePublicKey(true)).keyPairs().stream()
                    .filter(k -> s.keyPairName().equals(k.keyName())).findFirst();
        } catch (SdkException e) {
            if (Ec2Errors.isCode(e, "InvalidKeyPair.NotFound")) {
                return Optional.empty();
            }
            throw errors.translate("looking up key pair '" + s.keyPairName() + "'", e);
        }
    }

    /** The group of that name in the subnet's VPC, or in the default VPC when no subnet is set. */
    private Optional<SecurityGroup> findGroup(String vpc) {
        List<Filter> filters = new ArrayList<>();
        filters.add(Filter.builder().name("group-name").values(s.securityGroup()).build());
        if (vpc != null) {
            filters.add(Filter.builder().name("vpc-id").values(vpc).build());
        }
        List<SecurityGroup> groups;
        try {
            groups = ec2.describeSecurityGroups(b -> b.filters(filters)).securityGroups().stream()
                    .filter(g -> s.securityGroup().equals(g.groupName())).toList();
        } catch (SdkException e) {
            if (Ec2Errors.isCode(e, "InvalidGroup.NotFound")) {
                return Optional.empty();
            }
            throw errors.translate("looking up security group '" + s.securityGroup() + "'", e);
        }
        if (groups.size() <= 1 || vpc != null) {
            return groups.stream().findFirst();
        }
        // The same name in several VPCs: without a subnet, instances go to the default VPC.
        String defaultVpc = defaultVpcId();
        return groups.stream().filter(g -> defaultVpc == null || defaultVpc.equals(g.vpcId())).findFirst();
    }

    private String vpcId() {
        if (s.subnetId() == null) {
            return null;
        }
        try {
            return ec2.describeSubnets(b -> b.subnetIds(s.subnetId())).subnets().stream().findFirst()
                    .orElseThrow(() -> new InvalidRequestException("cloud '" + s.cloudName() + "': subnet '"
                            + s.subnetId() + "' does not exist; fix subnetId"))
                    .vpcId();
        } catch (SdkException e) {
            throw errors.translate("looking up subnet '" + s.subnetId() + "'", e);
        }
    }

    private String defaultVpcId() {
        try {
            return ec2.describeVpcs(b -> b.filters(Filter.builder().name("is-default").values("true").build()))
                    .vpcs().stream().map(Vpc::vpcId).findFirst().orElse(null);
        } catch (SdkException e) {
            return null;
        }
    }

    /** Support resources carry only the owner tag: they belong to the installation, not to one launch. */
    private static List<Tag> ownerTags(Map<String, String> launchTags) {
        String owner = launchTags.get(NubisTags.OWNER);
        return owner == null ? List.of() : List.of(Tag.builder().key(NubisTags.OWNER).value(owner).build());
    }

    private static TagSpecification[] tagSpec(ResourceType type, List<Tag> tags) {
        return tags.isEmpty() ? new TagSpecification[0]
                : new TagSpecification[] {TagSpecification.builder().resourceType(type).tags(tags).build()};
    }

    /** "type base64" of an OpenSSH public key line, without its comment. */
    static String keyOf(String line) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length < 2) {
            throw new InvalidRequestException("'" + (parts.length == 0 ? "" : parts[0])
                    + "...' is not an OpenSSH public key line (type, key, optional comment)");
        }
        return parts[0] + " " + parts[1];
    }
}
