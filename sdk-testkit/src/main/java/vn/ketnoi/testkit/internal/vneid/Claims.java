package vn.ketnoi.testkit.internal.vneid;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;

import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.SyntheticCitizen;

/**
 * What the provider says about a citizen to a relying party, shared by the ID token and
 * userinfo: the pairwise subject, the identity claims under either naming (the protocol's or
 * the national portal's), and encryption of a signed answer to the client's key. Stateless.
 */
final class Claims {
    private Claims() {
    }

    /** Pairwise: the same citizen has a different sub at each client. */
    static String subject(String clientId, String idNumber) {
        return Wire.sha256("vneid-sandbox|" + clientId + "|" + idNumber).substring(0, 32);
    }

    /** The ID number, name, birth date and account level, under the portal's names when {@code portal}. */
    static Map<String, Object> identity(SandboxPopulation pop, String idNumber, boolean portal) {
        SyntheticCitizen c = pop.byIdNumber(idNumber).orElseThrow();
        Map<String, Object> m = new LinkedHashMap<>();
        String level = String.valueOf(pop.vneidLevel(c));
        if (portal) {
            m.put("SoDinhDanh", c.idNumber());
            m.put("HoVaTen", c.fullName());
            m.put("NgayThangNamSinh", c.birthDate().replace("-", ""));
            m.put("LoaiTaiKhoan", level);
        } else {
            m.put("citizenPid", c.idNumber());
            m.put("fullName", c.fullName());
            m.put("birthDate", c.birthDate());
            m.put("accountLevel", level);
        }
        return m;
    }

    /** OpenID Connect Core 3.1.3.6: the left half of the token's SHA-256, base64url. */
    static String atHash(String accessToken) {
        byte[] h = Wire.digest(accessToken);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, 16));
    }

    /** A nested JWT: the signed {@code jws} encrypted to the client's registered encryption key. */
    static String encrypt(String jws, RelyingParty rp) {
        try {
            PublicKey k = rp.encryptionKey();
            JWEAlgorithm alg = k instanceof RSAPublicKey ? JWEAlgorithm.RSA_OAEP_256 : JWEAlgorithm.ECDH_ES_A256KW;
            JWEObject o = new JWEObject(new JWEHeader.Builder(alg, EncryptionMethod.A256GCM).keyID(rp.encryptionKeyId())
                    .contentType("JWT").build(), new Payload(jws));
            o.encrypt(k instanceof RSAPublicKey r ? new RSAEncrypter(r) : new ECDHEncrypter((ECPublicKey) k));
            return o.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot encrypt to the client's key", e);
        }
    }
}
