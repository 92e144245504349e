package org.nubis.ssh.internal;

import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.nubis.api.ssh.SshTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts the first key a target shows and only that key afterwards. The target comes from the
 * connection context, because the address alone does not say which instance answers.
 */
final class TrustOnFirstUse implements ServerKeyVerifier {

    /** Set in the connection context by whoever connects. */
    static final AttributeKey<SshTarget> TARGET = new AttributeKey<>();
    /**
     * Set in the connection context by whoever connects, and filled in here with why a key was
     * refused, for the caller to report instead of MINA's generic message. It lives in the context,
     * not the session, because the refusal may surface on the connect future, before the caller
     * has the session.
     */
    static final AttributeKey<AtomicReference<String>> REFUSAL = new AttributeKey<>();

    private static final Logger LOG = LoggerFactory.getLogger(TrustOnFirstUse.class);

    private final PinnedHostKeys pins;

    TrustOnFirstUse(PinnedHostKeys pins) {
        this.pins = pins;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        AttributeRepository context = session.getConnectionContext();
        SshTarget target = context == null ? null : context.getAttribute(TARGET);
        if (target == null) {
            return refuse(session, "connection to " + remoteAddress + " has no Nubis target; refusing its host key");
        }
        String shown = PublicKeyEntry.toString(serverKey);
        Optional<String> earlier;
        try {
            earlier = pins.pinIfAbsent(target.id(), shown);
        } catch (RuntimeException e) {
            return refuse(session, e.getMessage());
        }
        if (earlier.isEmpty()) {
            LOG.debug("Pinned host key {} of {}", PinnedHostKeys.fingerprint(shown), target);
            return true;
        }
        if (sameKey(earlier.get(), shown)) {
            return true;
        }
        return refuse(session, "host key of " + target.id() + " (" + target.host() + ":" + target.port()
                + ") changed: expected " + PinnedHostKeys.fingerprint(earlier.get()) + ", got "
                + PinnedHostKeys.fingerprint(shown)
                + " — if the instance was rebuilt, deprovision and provision it again");
    }

    private static boolean sameKey(String pinned, String shown) {
        String[] a = pinned.trim().split("\\s+");
        String[] b = shown.trim().split("\\s+");
        return a.length >= 2 && b.length >= 2 && a[0].equals(b[0]) && a[1].equals(b[1]);
    }

    private static boolean refuse(ClientSession session, String why) {
        LOG.warn(why);
        AttributeRepository context = session.getConnectionContext();
        AtomicReference<String> refusal = context == null ? null : context.getAttribute(REFUSAL);
        if (refusal != null) {
            refusal.set(why);
        }
        return false;
    }
}
