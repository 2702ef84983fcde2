package vn.ketnoi.core.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;

import vn.ketnoi.core.credential.ExternalSigner;
import vn.ketnoi.core.credential.SigningAlgorithm;

/**
 * A JWS signer for keys Nimbus cannot use directly: a provider's key handle (PKCS#11), used
 * through {@link Signature} with that provider, or a callback. ECDSA signatures come back as DER
 * from JCA and most devices; JWS wants {@code r || s}, so they are transcoded.
 */
final class DeviceSigner implements JWSSigner {
    private static final PSSParameterSpec PSS = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

    private final SigningAlgorithm algorithm;
    private final PrivateKey key;
    private final Provider provider;
    private final ExternalSigner external;
    private final JCAContext jca = new JCAContext();

    DeviceSigner(SigningAlgorithm algorithm, PrivateKey key, Provider provider, ExternalSigner external) {
        this.algorithm = algorithm;
        this.key = key;
        this.provider = provider;
        this.external = external;
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        byte[] raw;
        try {
            raw = external != null ? external.sign(signingInput, Jose.digest(signingInput)) : jcaSign(signingInput);
        } catch (JOSEException e) {
            throw e;
        } catch (Exception e) {
            // The device's message may name slots or labels; the class is enough to diagnose.
            throw new JOSEException("the signing device failed: " + e.getClass().getSimpleName(), e);
        }
        if (raw == null || raw.length == 0) {
            throw new JOSEException("the signing device returned no signature");
        }
        if (algorithm == SigningAlgorithm.ES256 && raw.length != 64) {
            raw = ECDSA.transcodeSignatureToConcat(raw, 64);
        }
        return Base64URL.encode(raw);
    }

    private byte[] jcaSign(byte[] input) throws GeneralSecurityException {
        Signature s;
        if (algorithm == SigningAlgorithm.ES256) {
            s = provider == null ? Signature.getInstance("SHA256withECDSA") : Signature.getInstance("SHA256withECDSA", provider);
        } else {
            s = pss();
            s.setParameter(PSS);
        }
        s.initSign(key);
        s.update(input);
        return s.sign();
    }

    private Signature pss() throws GeneralSecurityException {
        if (provider == null) {
            return Signature.getInstance("RSASSA-PSS");
        }
        try {
            return Signature.getInstance("RSASSA-PSS", provider);
        } catch (GeneralSecurityException e) {
            // SunPKCS11 names the hash-and-sign mechanism this way.
            return Signature.getInstance("SHA256withRSASSA-PSS", provider);
        }
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(Jose.jwsAlgorithm(algorithm));
    }

    @Override
    public JCAContext getJCAContext() {
        return jca;
    }
}
