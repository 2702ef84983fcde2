package vn.ketnoi.testkit.internal.vneid;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hc.core5.http.ClassicHttpResponse;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;

import vn.ketnoi.testkit.internal.ProviderKeys;

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): ends the session named by a
 * valid {@code id_token_hint}, and redirects only to a URI registered by the client the hint was
 * issued to.
 */
final class Logout {
    private final Map<String, RelyingParty> clients;
    private final Tokens tokens;
    private final ProviderKeys keys;

    Logout(Map<String, RelyingParty> clients, Tokens tokens, ProviderKeys keys) {
        this.clients = clients;
        this.tokens = tokens;
        this.keys = keys;
    }

    void handle(ClassicHttpResponse response, Map<String, String> q) {
        String hint = q.get("id_token_hint");
        Map<String, Object> claims = hint == null ? null : signedByUs(hint);
        String post = q.get("post_logout_redirect_uri");
        if (post != null) {
            Object aud = claims == null ? null : claims.get("aud");
            String clientId = aud instanceof String s ? s : aud instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0))
                    : q.get("client_id");
            RelyingParty rp = clientId == null ? null : clients.get(clientId);
            if (claims == null || rp == null || !rp.allowsRedirect(post)) {
                Wire.page(response, 400, "Logout refused",
                        "<p>post_logout_redirect_uri needs a valid id_token_hint and a registered URI.</p>");
                return;
            }
        }
        if (claims != null && claims.get("sid") instanceof String sid) {
            tokens.endSession(sid);
        }
        if (post != null) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("state", q.get("state"));
            Wire.redirect(response, post, p);
        } else {
            Wire.page(response, 200, "Signed out", "<p id=\"signed-out\">You are signed out of VNeID.</p>");
        }
    }

    /** The claims of a token this provider signed with a key it still publishes (expired or not); null otherwise. */
    private Map<String, Object> signedByUs(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            PublicKey key = JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())
                    ? keys.publicKey(jwt.getHeader().getKeyID()) : null;
            return key != null && jwt.verify(new ECDSAVerifier((ECPublicKey) key))
                    ? jwt.getJWTClaimsSet().toJSONObject() : null;
        } catch (ParseException | JOSEException e) {
            return null;
        }
    }
}
