package org.nubis.api.cloud;

import java.util.List;

/**
 * What a cloud connection created besides instances so that instances can be used (a key pair,
 * a security group): a connection that makes such things implements this too, so that they are
 * accounted for and can be removed on request.
 */
public interface SupportResources {

    /** One such resource. */
    record SupportResource(String kind, String id, String name, boolean inUse) {
    }

    /** The support resources this installation made on the cloud, as the cloud reports them now. */
    List<SupportResource> supportResources();

    /**
     * Deletes the support resources that no instance uses any more.
     *
     * @return what was deleted
     */
    List<SupportResource> removeUnusedSupportResources();
}
