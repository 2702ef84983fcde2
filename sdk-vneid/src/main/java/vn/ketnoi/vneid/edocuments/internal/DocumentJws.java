package vn.ketnoi.vneid.edocuments.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.util.Base64URL;

import vn.ketnoi.core.credential.SigningAlgorithm;
import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.internal.crypto.Jose;
import vn.ketnoi.core.internal.json.Json;

/** Builds and checks the compact JWS of a document (protocol section 10.1). */
public final class DocumentJws {
    /** The {@code typ} of a document JWS. */
    public static final String TYP = "ketnoi-edoc+jwt";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** Produces a signature over the signing input; the raw JOSE form is fixed up afterwards. */
    public interface RawSigner {
        byte[] sign(byte[] signingInput, byte[] sha256) throws Exception;
    }

    private DocumentJws() {
    }

    /**
     * Signs the claims. {@code signer} may return an ES256 signature in DER or raw form; the
     * result is checked against the leaf certificate before it is returned.
     */
    public static String sign(Map<String, Object> claims, SigningAlgorithm alg, List<X509Certificate> chain,
                              RawSigner signer) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg.name());
        header.put("typ", TYP);
        List<String> x5c = new ArrayList<>();
        for (X509Certificate c : chain) {
            try {
                x5c.add(Base64.getEncoder().encodeToString(c.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode the signing certificate", e);
            }
        }
        header.put("x5c", x5c);
        String input = B64.encodeToString(json(header)) + "." + B64.encodeToString(json(claims));
        byte[] inputBytes = input.getBytes(StandardCharsets.US_ASCII);
        byte[] sig;
        try {
            sig = signer.sign(inputBytes, sha256(inputBytes));
        } catch (Exception e) {
            throw new KetnoiException("The document signer failed: " + e.getClass().getSimpleName(), 0,
                    "signing.failed", null, false, e);
        }
        if (sig == null || sig.length == 0) {
            throw new KetnoiException("The document signer returned no signature", 0, "signing.failed", null, false, null);
        }
        if (alg == SigningAlgorithm.ES256 && sig.length != 64) {
            try {
                sig = ECDSA.transcodeSignatureToConcat(sig, 64);
            } catch (JOSEException e) {
                throw new KetnoiException("The document signer returned an ECDSA signature in no known form", 0,
                        "signing.failed", null, false, e);
            }
        }
        String jws = input + "." + B64.encodeToString(sig);
        if (!verifies(jws, chain.get(0).getPublicKey())) {
            throw new KetnoiException("The document signature does not verify with the signing certificate's key:"
                    + " the signer used another key or algorithm", 0, "signing.failed", null, false, null);
        }
        return jws;
    }

    /** Whether the compact JWS verifies with this key (ES256 or PS256 only). */
    public static boolean verifies(String compact, PublicKey key) {
        try {
            JWSObject o = JWSObject.parse(compact);
            JWSAlgorithm alg = o.getHeader().getAlgorithm();
            JWSVerifier v;
            if (JWSAlgorithm.ES256.equals(alg) && key instanceof ECPublicKey ec) {
                v = new ECDSAVerifier(ec);
            } else if (JWSAlgorithm.PS256.equals(alg) && key instanceof RSAPublicKey rsa) {
                v = new RSASSAVerifier(rsa);
            } else {
                return false;
            }
            return o.verify(v);
        } catch (java.text.ParseException | JOSEException | RuntimeException e) {
            return false;
        }
    }

    /** Signs through an in-memory key with the core's signer. */
    public static RawSigner inMemory(vn.ketnoi.core.credential.AgencyCredentials credentials) {
        com.nimbusds.jose.JWSSigner s = Jose.signer(credentials);
        JWSHeader h = new JWSHeader(Jose.jwsAlgorithm(credentials.algorithm()));
        return (input, digest) -> {
            Base64URL sig = s.sign(h, input);
            return sig.decode();
        };
    }

    /**
     * The digest a status list carries for a document (protocol section 10.6): base64url SHA-256
     * of the compact JWS's ASCII bytes, exactly as signed and presented.
     */
    public static String digest(String compact) {
        return B64.encodeToString(sha256(compact.getBytes(StandardCharsets.US_ASCII)));
    }

    public static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise", e);
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
