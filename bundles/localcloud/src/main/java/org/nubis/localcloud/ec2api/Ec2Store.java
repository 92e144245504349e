package org.nubis.localcloud.ec2api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the EC2 face keeps beside the engine, in {@code HOME/ec2.json}: key pairs and security groups (with
 * their rules and tags). What it keeps about instances lives in the instances' own metadata (see
 * {@link Ec2Instances}), so that it comes and goes with them.
 */
final class Ec2Store {

    static final String FILE_NAME = "ec2.json";
    static final String DEFAULT_GROUP = "default";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Public fields: plain data for Jackson. */
    public static final class KeyPair {
        public String id;
        public String name;
        /** The OpenSSH public key line as imported. */
        public String publicKey;
        public String fingerprint;
        public String type;
        public String createdAt;
        public Map<String, String> tags = new TreeMap<>();
    }

    /** One ingress rule: one protocol and port range from one peer (a CIDR or a group). */
    public static final class Rule {
        public String id;
        public String protocol;
        public Integer fromPort;
        public Integer toPort;
        public String cidr;
        public String sourceGroupId;
        public String description;
    }

    public static final class Group {
        public String id;
        public String name;
        public String description;
        public String vpcId;
        public List<Rule> ingress = new ArrayList<>();
        public Map<String, String> tags = new TreeMap<>();
    }

    public static final class Data {
        /** By key name. */
        public Map<String, KeyPair> keyPairs = new TreeMap<>();
        /** By group id, in creation order. */
        public Map<String, Group> groups = new LinkedHashMap<>();
    }

    private final Path file;
    private Data data;

    private Ec2Store(Path file, Data data) {
        this.file = file;
        this.data = data;
    }

    /** Opens HOME/ec2.json (empty if missing) and makes sure the VPC's "default" security group exists. */
    static Ec2Store open(Path home) throws IOException {
        Path file = home.resolve(FILE_NAME);
        Data data = Files.isRegularFile(file) ? JSON.readValue(file.toFile(), Data.class) : new Data();
        Ec2Store store = new Ec2Store(file, data);
        store.change(d -> {
            if (d.groups.values().stream().noneMatch(g -> g.name.equals(DEFAULT_GROUP))) {
                Group group = new Group();
                group.id = Ec2Ids.newId("sg");
                group.name = DEFAULT_GROUP;
                group.description = "default VPC security group";
                group.vpcId = Ec2Ids.VPC_ID;
                d.groups.put(group.id, group);
            }
            return null;
        });
        return store;
    }

    /** A deep copy of everything, so that callers can read at leisure. */
    synchronized Data snapshot() {
        return copy(data);
    }

    /** Changes the data and saves it (atomically) before returning; a change that throws leaves no trace. */
    synchronized <T> T change(Function<Data, T> change) {
        Data working = copy(data);
        T result = change.apply(working);
        save(working);
        data = working;
        return result;
    }

    String defaultGroupId() {
        return snapshot().groups.values().stream().filter(g -> g.name.equals(DEFAULT_GROUP))
                .map(g -> g.id).findFirst().orElseThrow();
    }

    static String now() {
        return Instant.now().toString();
    }

    private void save(Data value) {
        try {
            Path temp = file.resolveSibling(FILE_NAME + ".tmp");
            Files.write(temp, JSON.writeValueAsBytes(value));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + file, e);
        }
    }

    private static Data copy(Data value) {
        try {
            return JSON.readValue(JSON.writeValueAsBytes(value), Data.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
