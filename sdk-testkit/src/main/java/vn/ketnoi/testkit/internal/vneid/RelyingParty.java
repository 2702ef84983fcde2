package vn.ketnoi.testkit.internal.vneid;

import java.net.URI;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;

/**
 * A relying party registered with the sandbox identity provider. {@code anyLoopback} accepts every
 * loopback redirect URI (RFC 8252 section 7.3, any port, any path), as the built-in agencies do.
 */
record RelyingParty(String clientId, String keyId, PublicKey key, Set<URI> redirectUris, boolean anyLoopback,
                    String encryptionKeyId, PublicKey encryptionKey, boolean signedUserInfo, boolean portalClaims,
                    boolean parRequired) {

    boolean allowsRedirect(String uri) {
        URI u;
        try {
            u = URI.create(uri);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (u.getFragment() != null || !u.isAbsolute()) {
            return false;
        }
        if (redirectUris.contains(u)) {
            return true;
        }
        return anyLoopback && "http".equals(u.getScheme())
                && List.of("127.0.0.1", "localhost", "[::1]").contains(u.getHost());
    }

    RelyingParty withEncryptionKey(String kid, PublicKey k) {
        return new RelyingParty(clientId, keyId, key, redirectUris, anyLoopback, kid, k, signedUserInfo, portalClaims,
                parRequired);
    }

    RelyingParty withSignedUserInfo(boolean on) {
        return new RelyingParty(clientId, keyId, key, redirectUris, anyLoopback, encryptionKeyId, encryptionKey, on,
                portalClaims, parRequired);
    }

    RelyingParty withPortalClaims(boolean on) {
        return new RelyingParty(clientId, keyId, key, redirectUris, anyLoopback, encryptionKeyId, encryptionKey,
                signedUserInfo, on, parRequired);
    }

    RelyingParty withParRequired(boolean on) {
        return new RelyingParty(clientId, keyId, key, redirectUris, anyLoopback, encryptionKeyId, encryptionKey,
                signedUserInfo, portalClaims, on);
    }
}
