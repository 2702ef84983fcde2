package vn.ketnoi.testkit;

import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import vn.ketnoi.testkit.internal.vneid.VneidProvider;

/**
 * Controls the sandbox's VNeID OpenID Provider at {@code {base}/vneid} (protocol section 9):
 * its keys, its registered relying parties, PAR, the citizen's side of CIBA, and hooks for tests
 * that forge ID tokens.
 *
 * <p>Every sandbox agency is registered as a relying party (client id = agency id, its signing
 * key for {@code private_key_jwt}) accepting any loopback redirect URI (RFC 8252 section 7.3).
 */
public final class SandboxIdentityProvider {
    /** A back-channel sign-in waiting for the citizen's answer. */
    public record PendingCiba(String authReqId, String idNumber, String bindingMessage) {
        @Override
        public String toString() {
            return "PendingCiba[idNumber=" + vn.ketnoi.core.logging.Masking.idNumber(idNumber) + "]";
        }
    }

    private final VneidProvider provider;

    SandboxIdentityProvider(VneidProvider provider) {
        this.provider = provider;
    }

    /** {@return the issuer, {@code {base}/vneid}} */
    public String issuer() {
        return provider.issuer();
    }

    /** {@return the discovery document's URL} */
    public URI discoveryUri() {
        return URI.create(provider.issuer() + "/.well-known/openid-configuration");
    }

    /**
     * Publishes a new signing key and signs every later token with it.
     *
     * @return the new key's {@code kid}
     */
    public String rotateSigningKey() {
        return provider.rotateKey();
    }

    /**
     * Replaces the signing key with new material under the same kid (a provider that re-keys
     * without a new kid); every later token is signed with it.
     *
     * @return the kid, unchanged
     */
    public String rekeySigningKey() {
        return provider.rekey();
    }

    /**
     * Stops publishing a signing key that is no longer used (rotate first) and hands its private
     * half to the test, which then plays the attacker who stole it.
     *
     * @param kid a published kid other than the current one
     * @return the withdrawn key's private half
     * @throws IllegalArgumentException when no key with this kid is published
     * @throws IllegalStateException when it is the key tokens are signed with now
     */
    public java.security.PrivateKey withdrawSigningKey(String kid) {
        return provider.withdrawKey(kid);
    }

    /**
     * The {@code Cache-Control: max-age} the key set is served with (5 minutes unless set).
     *
     * @param maxAge zero or more
     */
    public void setKeySetMaxAge(Duration maxAge) {
        provider.setKeySetMaxAge(maxAge);
    }

    /** {@return the kid tokens are signed with now} */
    public String currentSigningKeyId() {
        return provider.currentKid();
    }

    /** {@return the JWK Set document of the published signing keys} */
    public String jwksJson() {
        return provider.jwksJson();
    }

    /**
     * Registers a relying party, or replaces one.
     *
     * @param clientId     its {@code client_id}
     * @param keyId        the {@code kid} of its client-assertion key
     * @param key          its client-assertion public key (EC P-256 or RSA)
     * @param redirectUris the exact redirect URIs (and post-logout URIs) it may use
     */
    public void registerClient(String clientId, String keyId, PublicKey key, Collection<URI> redirectUris) {
        provider.registerClient(Objects.requireNonNull(clientId, "clientId"), keyId, Objects.requireNonNull(key, "key"),
                List.copyOf(redirectUris), false);
    }

    /**
     * Registers an encryption key for a client: its ID tokens and userinfo are then encrypted
     * ({@code RSA-OAEP-256} for RSA, {@code ECDH-ES+A256KW} for EC, content {@code A256GCM}).
     *
     * @param clientId the client
     * @param keyId    the key's kid
     * @param key      the public key, or {@code null} to stop encrypting
     */
    public void setEncryptionKey(String clientId, String keyId, PublicKey key) {
        requireClient(clientId);
        provider.setEncryptionKey(clientId, keyId, key);
    }

    /**
     * Whether this client's userinfo comes as a signed JWT instead of JSON.
     *
     * @param clientId a registered client
     * @param signed true for a signed JWT
     */
    public void setSignedUserInfo(String clientId, boolean signed) {
        requireClient(clientId);
        provider.setSignedUserInfo(clientId, signed);
    }

    /**
     * Whether this client gets the national portal's claims ({@code SoDinhDanh}, {@code HoVaTen},
     * {@code NgayThangNamSinh}, {@code LoaiTaiKhoan}), from userinfo only, instead of the direct
     * VNeID claims in the ID token.
     *
     * @param clientId a registered client
     * @param portal true for the portal's claims
     */
    public void setNationalPortalClaims(String clientId, boolean portal) {
        requireClient(clientId);
        provider.setPortalClaims(clientId, portal);
    }

    /**
     * Whether every authorization request must be pushed (RFC 9126); advertised in discovery.
     *
     * @param required true to refuse authorization requests that were not pushed
     */
    public void setParRequired(boolean required) {
        provider.setParRequired(required);
    }

    /**
     * Makes the provider behave like an independent, certified OpenID Provider configured like a
     * national IdP, the way a relying party meets one outside the national sandbox (off by
     * default; {@code SandboxMain --vneid-mode third-party}):
     * <ul>
     * <li>the ID token carries {@code sub}, {@code acr}, {@code amr} and {@code auth_time} and no
     *     identity claim; a level-1 login carries no {@code acr} at all ({@code LoA2} otherwise);</li>
     * <li>userinfo releases claims by scope: {@code profile} gives the name and birth date,
     *     {@code citizen} the ID number and the account level ({@code accountLevel}, or
     *     {@code LoaiTaiKhoan} for a client with the portal's claims); {@code openid} alone gives
     *     {@code sub} only;</li>
     * <li>with an encryption key registered, only ID tokens are encrypted: userinfo stays plain
     *     JSON (or a plain signed JWT), as for a client that registered
     *     {@code id_token_encrypted_response_alg} and no {@code userinfo_encrypted_response_alg};</li>
     * <li>discovery's {@code acr_values_supported} is {@code ["LoA1", "LoA2"]}.</li>
     * </ul>
     *
     * @param on true for the third-party behaviour, false for the national one of protocol section 9
     */
    public void setThirdPartyMode(boolean on) {
        provider.setThirdPartyMode(on);
    }

    /** {@return whether the provider is in third-party mode ({@link #setThirdPartyMode(boolean)})} */
    public boolean thirdPartyMode() {
        return provider.thirdPartyMode();
    }

    /**
     * Test hook: the discovery document's {@code acr_values_supported}, instead of the mode's own.
     *
     * @param values the values, or {@code null} for the mode's own
     */
    public void setAcrValuesSupported(List<String> values) {
        provider.setAcrValuesSupported(values);
    }

    /**
     * The polling interval given to new CIBA requests (default 5 seconds).
     *
     * @param interval at least one second
     */
    public void setCibaInterval(Duration interval) {
        if (interval == null || interval.getSeconds() < 1) {
            throw new IllegalArgumentException("interval must be at least one second");
        }
        provider.setCibaInterval(interval);
    }

    /**
     * The longest lifetime of new CIBA requests (default 120 seconds).
     *
     * @param expiry at least one second
     */
    public void setCibaExpiry(Duration expiry) {
        if (expiry == null || expiry.getSeconds() < 1) {
            throw new IllegalArgumentException("expiry must be at least one second");
        }
        provider.setCibaExpiry(expiry);
    }

    /** {@return the CIBA requests waiting for an answer} */
    public List<PendingCiba> pendingCiba() {
        List<PendingCiba> out = new ArrayList<>();
        for (String[] p : provider.pendingCiba()) {
            out.add(new PendingCiba(p[0], p[1], p[2]));
        }
        return out;
    }

    /**
     * The citizen approves, on the app, the newest pending request for them.
     *
     * @param idNumber the citizen's ID number
     * @return false when none is pending
     */
    public boolean approveCiba(String idNumber) {
        return provider.decideCiba(idNumber, true);
    }

    /**
     * Someone else approves the newest pending request for this citizen: the tokens issued carry
     * {@code approvingIdNumber}'s identity. A relying party must refuse them (it asked for
     * {@code idNumber}).
     *
     * @param idNumber the citizen the request was for
     * @param approvingIdNumber the citizen who approves instead
     * @return false when none is pending
     */
    public boolean approveCibaAs(String idNumber, String approvingIdNumber) {
        return provider.decideCiba(idNumber, true, Objects.requireNonNull(approvingIdNumber, "approvingIdNumber"));
    }

    /**
     * The citizen refuses, on the app, the newest pending request for them.
     *
     * @param idNumber the citizen's ID number
     * @return false when none is pending
     */
    public boolean denyCiba(String idNumber) {
        return provider.decideCiba(idNumber, false);
    }

    /** {@return the control page where a tester approves or denies CIBA requests in a browser} */
    public URI cibaControlPage() {
        return URI.create(provider.issuer() + "/sandbox/ciba");
    }

    /**
     * Test hook: the next ID token the token endpoint issues is whatever {@code forger} returns
     * for the claims the provider would have signed (not encrypted afterwards).
     *
     * @param forger builds the compact token to serve from the honest claims
     */
    public void forgeNextIdToken(Function<Map<String, Object>, String> forger) {
        provider.forgeNextIdToken(Objects.requireNonNull(forger, "forger"));
    }

    /**
     * Test hook: the next userinfo answer carries what {@code forger} makes of the honest claims
     * (signed or encrypted afterwards as the client's registration asks), for example another
     * {@code sub}.
     *
     * @param forger builds the claims to serve from the honest ones
     */
    public void forgeNextUserInfo(java.util.function.UnaryOperator<Map<String, Object>> forger) {
        provider.forgeNextUserInfo(Objects.requireNonNull(forger, "forger"));
    }

    /**
     * Test hook: with {@code true}, the discovery document lists every endpoint under
     * {@code {issuer}/moved/...} and the usual paths answer 404, so that only a relying party
     * that reads its endpoints from discovery (protocol section 9.1) signs in.
     *
     * @param moved whether the endpoints are moved
     */
    public void moveEndpoints(boolean moved) {
        provider.moveEndpoints(moved);
    }

    /**
     * Test hook: the form of the last pushed authorization request the provider received, client
     * assertion included, so a test can read what a relying party sends.
     *
     * @return the parameters, each once; empty before any
     */
    public Map<String, String> lastPushedRequest() {
        return provider.lastPushedRequest();
    }

    /**
     * Test hook: signs these claims as an ES256 JWT with the provider's current key.
     *
     * @param claims the claims
     * @return the compact JWT
     */
    public String sign(Map<String, Object> claims) {
        return provider.sign(claims);
    }

    private void requireClient(String clientId) {
        if (clientId == null || !provider.hasClient(clientId)) {
            throw new IllegalArgumentException("no client registered with this id");
        }
    }

    @Override
    public String toString() {
        return "SandboxIdentityProvider[" + provider.issuer() + "]";
    }
}
