package vn.ketnoi.security;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import vn.ketnoi.core.pipeline.KetnoiRequest;
import vn.ketnoi.testkit.SandboxAgency;

/** Re-signs what the agency sent, with changed claims, under the agency's own key (the test holds it). */
final class Resign {
    private Resign() {
    }

    static String resign(String jws, SandboxAgency agency, UnaryOperator<JWTClaimsSet.Builder> change) {
        try {
            SignedJWT original = SignedJWT.parse(jws);
            JWTClaimsSet claims = change.apply(new JWTClaimsSet.Builder(original.getJWTClaimsSet())).build();
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(agency.keyId())
                    .type(original.getHeader().getType()).build(), claims);
            forged.sign(new ECDSASigner((ECPrivateKey) agency.privateKey()));
            return forged.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token request with its client assertion re-dated to the provider's time. */
    static KetnoiRequest resignAssertion(KetnoiRequest r, SandboxAgency agency) {
        List<String> params = new ArrayList<>();
        for (String p : new String(r.body(), StandardCharsets.US_ASCII).split("&")) {
            if (p.startsWith("client_assertion=")) {
                String jws = URLDecoder.decode(p.substring("client_assertion=".length()), StandardCharsets.UTF_8);
                long now = System.currentTimeMillis();
                p = "client_assertion=" + URLEncoder.encode(resign(jws, agency,
                        b -> b.issueTime(new Date(now)).expirationTime(new Date(now + 60_000))), StandardCharsets.UTF_8);
            }
            params.add(p);
        }
        return r.toBuilder().body(String.join("&", params).getBytes(StandardCharsets.US_ASCII)).build();
    }
}
