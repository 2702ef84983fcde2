package vn.ketnoi.population;

import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.text.ParseException;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import vn.ketnoi.core.pipeline.Interceptor;
import vn.ketnoi.core.pipeline.KetnoiRequest;

/** Network interceptors that forge what an attacker (or a broken client) would send. */
final class Forgery {
    private Forgery() {
    }

    /** Re-signs each request's Ketnoi-Signature with changed claims, under this key and kid. */
    static Interceptor resign(PrivateKey key, String kid, UnaryOperator<JWTClaimsSet.Builder> change) {
        return chain -> {
            KetnoiRequest r = chain.request();
            String header = r.headers().first("Ketnoi-Signature").orElseThrow();
            return chain.proceed(r.toBuilder().header("Ketnoi-Signature", resign(header, key, kid, change)).build());
        };
    }

    static String resign(String jws, PrivateKey key, String kid, UnaryOperator<JWTClaimsSet.Builder> change) {
        try {
            SignedJWT original = SignedJWT.parse(jws);
            JWTClaimsSet claims = change.apply(new JWTClaimsSet.Builder(original.getJWTClaimsSet())).build();
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid)
                    .type(original.getHeader().getType() == null ? new JOSEObjectType("JWT") : original.getHeader().getType())
                    .build(), claims);
            forged.sign(new ECDSASigner((ECPrivateKey) key));
            return forged.serialize();
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static PrivateKey freshEcKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair().getPrivate();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
