package org.nubis.localcloud.ec2api;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** EC2-style resource ids: a prefix and 17 hex digits ({@code i-0123456789abcdef0}). */
final class Ec2Ids {

    /** The account that owns everything here (as LocalStack and moto use). */
    static final String OWNER_ID = "000000000000";
    static final String VPC_ID = "vpc-0000000000000000a";
    static final String SUBNET_ID = "subnet-0000000000000000a";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern HEX_ID = Pattern.compile("[a-z]+-([0-9a-f]{8}|[0-9a-f]{17})");

    private Ec2Ids() {
    }

    static String newId(String prefix) {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return prefix + "-" + HexFormat.of().formatHex(bytes).substring(0, 17);
    }

    /** Whether the text is PREFIX- followed by 8 or 17 hex digits. */
    static boolean isWellFormed(String id, String prefix) {
        return id != null && id.startsWith(prefix + "-") && HEX_ID.matcher(id).matches();
    }
}
