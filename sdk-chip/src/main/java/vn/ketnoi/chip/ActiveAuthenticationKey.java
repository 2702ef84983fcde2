package vn.ketnoi.chip;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

import vn.ketnoi.chip.internal.Der;
import vn.ketnoi.chip.internal.Providers;

/**
 * DG15: the chip's active-authentication public key (RSA or EC), with which {@link ChipVerifier}
 * checks the chip's answer to a challenge. Trust it only once passive authentication has shown
 * DG15 to be genuine. Immutable.
 */
public final class ActiveAuthenticationKey {
    private final PublicKey key;

    private ActiveAuthenticationKey(PublicKey key) {
        this.key = key;
    }

    /**
     * Reads DG15 ({@code 6F { SubjectPublicKeyInfo }}). EC keys with explicit curve parameters,
     * as chips often carry them, are accepted.
     *
     * @param dg15 the file as read
     * @return the key
     * @throws ChipFormatException (field {@code dg15}) when it holds no RSA or EC public key
     */
    public static ActiveAuthenticationKey parseDg15(byte[] dg15) {
        if (dg15 == null) {
            throw new ChipFormatException("dg15", "is missing");
        }
        Der.Tlv outer = Der.file(dg15, 0x6F, "dg15");
        byte[] spki = Arrays.copyOfRange(dg15, outer.valueOffset(), outer.end());
        Der.Tlv seq = Der.read(spki, 0, spki.length, "dg15");
        if (seq.tag() != 0x30 || seq.end() != spki.length) {
            throw new ChipFormatException("dg15", "does not hold one SubjectPublicKeyInfo");
        }
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                PublicKey k = KeyFactory.getInstance(algorithm, Providers.BC).generatePublic(new X509EncodedKeySpec(spki));
                if (k instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 1024) {
                    throw new ChipFormatException("dg15", "holds an RSA key shorter than 1024 bits");
                }
                return new ActiveAuthenticationKey(k);
            } catch (GeneralSecurityException | RuntimeException e) {
                if (e instanceof ChipFormatException c) {
                    throw c;
                }
                // try the other algorithm
            }
        }
        throw new ChipFormatException("dg15", "does not hold an RSA or EC public key");
    }

    /** {@return the key} */
    public PublicKey publicKey() {
        return key;
    }

    /** {@return {@code RSA} or {@code EC}} */
    public String algorithm() {
        return key instanceof ECPublicKey ? "EC" : "RSA";
    }

    @Override
    public String toString() {
        return "ActiveAuthenticationKey[" + algorithm() + "]";
    }
}
