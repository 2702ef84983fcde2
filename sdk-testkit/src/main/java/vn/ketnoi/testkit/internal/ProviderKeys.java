package vn.ketnoi.testkit.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A provider's signing keys. A rotated key stays published (the protocol asks to keep an old key
 * published for at least an hour after rotation, longer than a test run) until a test withdraws
 * it; a test may also re-key under the current kid. The key set is served with
 * {@code Cache-Control: max-age}, {@link #DEFAULT_MAX_AGE} unless a test sets another.
 */
public final class ProviderKeys {

    private static final JOSEObjectType RESPONSE_TYP = new JOSEObjectType("ketnoi-response+jwt");

    private record Entry(String kid, KeyPair pair, ECDSASigner signer) {
    }

    /**
     * The EC key as Bouncy Castle's own key class, translated once: handed a JDK key, Bouncy Castle
     * converts its curve parameters at every signature or verification, several times the cost of
     * the arithmetic. The key itself when it cannot be translated.
     */
    @SuppressWarnings("unchecked")
    static <K extends java.security.Key> K forBouncyCastle(K key) {
        try {
            java.security.Key k = java.security.KeyFactory.getInstance("EC",
                    com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton.getInstance()).translateKey(key);
            return (key instanceof ECPrivateKey && k instanceof ECPrivateKey)
                    || (key instanceof ECPublicKey && k instanceof ECPublicKey) ? (K) k : key;
        } catch (java.security.GeneralSecurityException e) {
            return key;
        }
    }

    private static ECDSASigner signer(KeyPair pair) {
        try {
            // Bouncy Castle, chosen per signer: on Java 17 SunEC takes several times longer per
            // signature, which made the sandbox the bottleneck of every benchmark.
            ECDSASigner signer = new ECDSASigner(forBouncyCastle((ECPrivateKey) pair.getPrivate()));
            signer.getJCAContext().setProvider(com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton.getInstance());
            return signer;
        } catch (JOSEException ex) {
            throw new IllegalStateException("cannot build the response signer", ex);
        }
    }

    /** How long clients may cache the key set unless a test says otherwise. */
    public static final java.time.Duration DEFAULT_MAX_AGE = java.time.Duration.ofMinutes(5);

    private final List<Entry> keys = new ArrayList<>();
    private Entry current;
    private java.time.Duration maxAge = DEFAULT_MAX_AGE;

    /** Creates the set with one fresh P-256 key. */
    public ProviderKeys() {
        rotate();
    }

    /** Publishes a new P-256 key and signs with it from now on; returns its kid. */
    public synchronized String rotate() {
        KeyPair pair = Keys.newEcP256();
        Entry e = new Entry(Keys.thumbprint(pair.getPublic()), pair, signer(pair));
        // Published (added to the set) before it is used, as section 5 asks.
        keys.add(e);
        current = e;
        return e.kid();
    }

    /**
     * Replaces the current key with new material under the same kid, published and signing from
     * now on; returns the kid.
     */
    public synchronized String rekey() {
        KeyPair pair = Keys.newEcP256();
        Entry e = new Entry(current.kid(), pair, signer(pair));
        keys.set(keys.indexOf(current), e);
        current = e;
        return e.kid();
    }

    /**
     * Stops publishing the key with this kid and returns its private half, which a test then holds
     * as the attacker who stole it would.
     *
     * @throws IllegalArgumentException when no key with this kid is published
     * @throws IllegalStateException when it is the key signing now (rotate first)
     */
    public synchronized java.security.PrivateKey withdraw(String kid) {
        for (Entry e : keys) {
            if (e.kid().equals(kid)) {
                if (e == current) {
                    throw new IllegalStateException("the key signing now cannot be withdrawn: rotate first");
                }
                keys.remove(e);
                return e.pair().getPrivate();
            }
        }
        throw new IllegalArgumentException("no published key has this kid");
    }

    /** The max-age the key set is served with, at least zero. */
    public synchronized void setMaxAge(java.time.Duration maxAge) {
        if (maxAge == null || maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must be zero or positive");
        }
        this.maxAge = maxAge;
    }

    /** The {@code Cache-Control} value the key set is served with. */
    public synchronized String cacheControl() {
        return "public, max-age=" + maxAge.toSeconds();
    }

    /** The public key published under this kid, or null. */
    public synchronized java.security.PublicKey publicKey(String kid) {
        for (Entry e : keys) {
            if (e.kid().equals(kid)) {
                return e.pair().getPublic();
            }
        }
        return null;
    }

    /** The kid of the key responses are signed with. */
    public synchronized String currentKid() {
        return current.kid();
    }

    /** The JWK Set document of all published keys, public halves only. */
    public synchronized String jwksJson() {
        List<JWK> jwks = new ArrayList<>(keys.size());
        for (Entry e : keys) {
            jwks.add(new ECKey.Builder(Curve.P_256, (ECPublicKey) e.pair().getPublic())
                    .keyID(e.kid())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .build());
        }
        return Json.string(new JWKSet(jwks).toJSONObject(true));
    }

    /** Signs the claims as a {@code ketnoi-response+jwt} JWS with the current key. */
    public String signResponse(Map<String, Object> claims) {
        return sign(RESPONSE_TYP, claims);
    }

    /**
     * Signs the claims as a JWS of the given {@code typ} with the current key: consent tokens and
     * change notifications, status lists and wallet callbacks are signed with the same published keys
     * as responses.
     */
    public String sign(String typ, Map<String, Object> claims) {
        return sign(new JOSEObjectType(typ), claims);
    }

    private String sign(JOSEObjectType typ, Map<String, Object> claims) {
        Entry e;
        synchronized (this) {
            e = current;
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(e.kid()).type(typ).build();
        JWSObject jws = new JWSObject(header, new Payload(Json.string(claims)));
        try {
            jws.sign(e.signer());
        } catch (JOSEException ex) {
            throw new IllegalStateException("cannot sign the response", ex);
        }
        return jws.serialize();
    }
}
