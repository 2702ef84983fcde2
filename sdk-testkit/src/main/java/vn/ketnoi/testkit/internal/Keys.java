package vn.ketnoi.testkit.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;

/** Key generation with the JDK providers only, so start-up needs no extra provider. */
public final class Keys {

    private Keys() {
    }

    /** A fresh P-256 key pair. */
    public static KeyPair newEcP256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 key generation is unavailable", e);
        }
    }

    /** A fresh RSA 2048 key pair; slow, so only made when an agency asks for PS256. */
    public static KeyPair newRsa2048() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is unavailable", e);
        }
    }

    /** The RFC 7638 thumbprint of the public key, used as its key id. */
    public static String thumbprint(PublicKey key) {
        try {
            if (key instanceof ECPublicKey) {
                return new ECKey.Builder(Curve.P_256, (ECPublicKey) key).build().computeThumbprint().toString();
            }
            return new RSAKey.Builder((RSAPublicKey) key).build().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
