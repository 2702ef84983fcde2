package vn.ketnoi.testkit.internal.vneid;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jwt.SignedJWT;

import vn.ketnoi.testkit.internal.Json;
import vn.ketnoi.testkit.internal.Keys;

/** The identity provider's ES256 signing keys: all published, the newest used. */
final class OpKeys {
    private record Entry(String kid, KeyPair pair) {
    }

    private final List<Entry> keys = new ArrayList<>();
    private Entry current;

    OpKeys() {
        rotate();
    }

    synchronized String rotate() {
        KeyPair pair = Keys.newEcP256();
        Entry e = new Entry(Keys.thumbprint(pair.getPublic()), pair);
        keys.add(e);
        current = e;
        return e.kid();
    }

    synchronized String currentKid() {
        return current.kid();
    }

    synchronized String jwksJson() {
        List<JWK> jwks = new ArrayList<>();
        for (Entry e : keys) {
            jwks.add(new ECKey.Builder(Curve.P_256, (ECPublicKey) e.pair().getPublic()).keyID(e.kid())
                    .keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).build());
        }
        return Json.string(new JWKSet(jwks).toJSONObject(true));
    }

    String sign(Map<String, Object> claims) {
        Entry e;
        synchronized (this) {
            e = current;
        }
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(e.kid())
                .type(JOSEObjectType.JWT).build(), new Payload(Json.string(claims)));
        try {
            jws.sign(new ECDSASigner((ECPrivateKey) e.pair().getPrivate()));
        } catch (JOSEException ex) {
            throw new IllegalStateException("cannot sign", ex);
        }
        return jws.serialize();
    }

    /** The claims of a token this provider signed with any of its keys (expired or not); null otherwise. */
    synchronized Map<String, Object> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
                return null;
            }
            for (Entry e : keys) {
                if (e.kid().equals(jwt.getHeader().getKeyID())
                        && jwt.verify(new ECDSAVerifier((ECPublicKey) e.pair().getPublic()))) {
                    return jwt.getJWTClaimsSet().toJSONObject();
                }
            }
            return null;
        } catch (ParseException | JOSEException ex) {
            return null;
        }
    }
}
