package vn.ketnoi.testkit.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

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

    /**
     * The RFC 7638 thumbprint of the public key (base64url SHA-256 of its canonical JWK), used
     * as its key id. Computed with the JDK alone so that start-up loads no JOSE classes.
     */
    public static String thumbprint(PublicKey key) {
        String canonical;
        if (key instanceof ECPublicKey) {
            ECPublicKey ec = (ECPublicKey) key;
            canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + b64(unsigned(ec.getW().getAffineX(), 32))
                    + "\",\"y\":\"" + b64(unsigned(ec.getW().getAffineY(), 32)) + "\"}";
        } else if (key instanceof RSAPublicKey) {
            RSAPublicKey rsa = (RSAPublicKey) key;
            canonical = "{\"e\":\"" + b64(unsigned(rsa.getPublicExponent(), 0)) + "\",\"kty\":\"RSA\",\"n\":\""
                    + b64(unsigned(rsa.getModulus(), 0)) + "\"}";
        } else {
            throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
        }
        return Texts.sha256B64(canonical);
    }

    /** Big-endian bytes without a sign byte, left-padded with zeros to {@code length} when given. */
    private static byte[] unsigned(BigInteger v, int length) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        if (length > b.length) {
            byte[] padded = new byte[length];
            System.arraycopy(b, 0, padded, length - b.length, b.length);
            b = padded;
        }
        return b;
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
