package org.nubis.localcloud.ec2api;

import java.util.List;

/** One AMI per local image: {@code ami-sandbox} is the image {@code sandbox}. */
final class Images {

    static final String PREFIX = "ami-";

    private Images() {
    }

    static String imageId(String image) {
        return PREFIX + image;
    }

    /** The local image of an AMI id; InvalidAMIID.Malformed / InvalidAMIID.NotFound as EC2 answers. */
    static String imageOf(String imageId, List<String> images) {
        if (imageId == null || !imageId.startsWith(PREFIX) || imageId.length() == PREFIX.length()) {
            throw Ec2Error.client("InvalidAMIID.Malformed", "Invalid id: \"" + imageId + "\" (expecting \"ami-...\")");
        }
        String image = imageId.substring(PREFIX.length());
        if (!images.contains(image)) {
            throw Ec2Error.client("InvalidAMIID.NotFound", "The image id '[" + imageId + "]' does not exist; images here: "
                    + String.join(", ", images.stream().map(Images::imageId).toList()));
        }
        return image;
    }
}
