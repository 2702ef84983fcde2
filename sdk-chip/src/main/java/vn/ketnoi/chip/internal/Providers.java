package vn.ketnoi.chip.internal;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** One Bouncy Castle provider instance, passed explicitly: the SDK never registers it JVM-wide. */
public final class Providers {
    /** Reads EC keys with explicit curve parameters, which the JDK refuses. */
    public static final Provider BC = new BouncyCastleProvider();

    private Providers() {
    }
}
