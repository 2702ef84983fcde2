package vn.ketnoi.core.internal.crypto;

import java.security.PrivateKey;
import java.security.Provider;

import vn.ketnoi.core.credential.AgencyCredentials;
import vn.ketnoi.core.credential.ExternalSigner;

/**
 * The SDK's only way to the key inside {@link AgencyCredentials}, which has no public accessor:
 * the signers and the TLS key manager use it, nothing else. {@code AgencyCredentials} installs
 * the accessor when its class is initialised.
 */
public final class KeyAccess {
    /** What the credentials hold: a key object (software or a provider's handle) or a callback. */
    public interface Accessor {
        PrivateKey privateKey(AgencyCredentials credentials);

        Provider provider(AgencyCredentials credentials);

        ExternalSigner external(AgencyCredentials credentials);
    }

    private static volatile Accessor accessor;

    private KeyAccess() {
    }

    /** Called once, by {@code AgencyCredentials}. */
    public static synchronized void install(Accessor a) {
        if (accessor != null) {
            throw new IllegalStateException("already installed");
        }
        accessor = a;
    }

    private static Accessor get(AgencyCredentials c) {
        // The credentials exist, so their class installed the accessor during its initialisation.
        Accessor a = accessor;
        if (a == null) {
            throw new IllegalStateException("credentials class not initialised: " + c.getClass());
        }
        return a;
    }

    /** The key object, or {@code null} when a callback signs. */
    public static PrivateKey privateKey(AgencyCredentials c) {
        return get(c).privateKey(c);
    }

    /** The JCA provider that must use the key (PKCS#11), or {@code null} for the JVM's choice. */
    public static Provider provider(AgencyCredentials c) {
        return get(c).provider(c);
    }

    /** The callback, or {@code null} when the SDK holds a key object. */
    public static ExternalSigner external(AgencyCredentials c) {
        return get(c).external(c);
    }
}
