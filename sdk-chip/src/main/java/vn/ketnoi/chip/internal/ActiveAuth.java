package vn.ketnoi.chip.internal;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA224Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ISO9796d2Signer;
import org.jspecify.annotations.Nullable;

/**
 * The check of a chip's active-authentication answer (ICAO 9303 part 11, section 6.1): RSA with
 * ISO/IEC 9796-2 scheme 1 (partial message recovery: the chip's nonce is recovered, the challenge
 * is the non-recoverable part), or ECDSA with the plain r||s signature format of BSI TR-03111.
 */
public final class ActiveAuth {
    /** ecdsa-plain-SHA* of BSI TR-03111 to the JCA name of the same signature in Bouncy Castle. */
    private static final Map<String, String> ECDSA_PLAIN = Map.of(
            "0.4.0.127.0.7.1.1.4.1.1", "SHA1withPLAIN-ECDSA", "0.4.0.127.0.7.1.1.4.1.2", "SHA224withPLAIN-ECDSA",
            "0.4.0.127.0.7.1.1.4.1.3", "SHA256withPLAIN-ECDSA", "0.4.0.127.0.7.1.1.4.1.4", "SHA384withPLAIN-ECDSA",
            "0.4.0.127.0.7.1.1.4.1.5", "SHA512withPLAIN-ECDSA");
    /** Without a DG14 naming one, every hash is tried: the challenge is the server's, so collisions do not help a forger. */
    private static final List<String> ANY_ECDSA = List.of("SHA256withPLAIN-ECDSA", "SHA384withPLAIN-ECDSA",
            "SHA512withPLAIN-ECDSA", "SHA224withPLAIN-ECDSA", "SHA1withPLAIN-ECDSA");
    private static final List<Supplier<Digest>> DIGESTS = List.of(SHA1Digest::new, SHA256Digest::new,
            SHA224Digest::new, SHA384Digest::new, SHA512Digest::new);

    private ActiveAuth() {
    }

    /**
     * Whether {@code signature} is the chip's answer to {@code challenge} under {@code key}.
     *
     * @param ecdsaAlgorithm the AA signature algorithm OID from DG14, or null when the chip names none
     */
    public static boolean verify(PublicKey key, byte[] challenge, byte[] signature, @Nullable String ecdsaAlgorithm) {
        if (key instanceof RSAPublicKey rsa) {
            RSAKeyParameters params = new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent());
            // The trailer says implicit (0xBC, SHA-1 by convention) or names the hash; each reading is tried.
            for (boolean implicit : new boolean[] {true, false}) {
                for (Supplier<Digest> d : DIGESTS) {
                    ISO9796d2Signer signer = new ISO9796d2Signer(new RSABlindedEngine(), d.get(), implicit);
                    signer.init(false, params);
                    try {
                        signer.updateWithRecoveredMessage(signature);
                        signer.update(challenge, 0, challenge.length);
                        if (signer.verifySignature(signature)) {
                            return true;
                        }
                    } catch (InvalidCipherTextException | RuntimeException e) {
                        // not this hash (a trailer naming another), or not a signature at all
                    }
                }
            }
            return false;
        }
        if (key instanceof ECPublicKey) {
            List<String> algorithms = ecdsaAlgorithm == null ? ANY_ECDSA
                    : ECDSA_PLAIN.containsKey(ecdsaAlgorithm) ? List.of(ECDSA_PLAIN.get(ecdsaAlgorithm)) : List.of();
            for (String a : algorithms) {
                try {
                    Signature s = Signature.getInstance(a, Providers.BC);
                    s.initVerify(key);
                    s.update(challenge);
                    if (s.verify(signature)) {
                        return true;
                    }
                } catch (GeneralSecurityException | RuntimeException e) {
                    // a malformed signature is a failed one
                }
            }
        }
        return false;
    }
}
