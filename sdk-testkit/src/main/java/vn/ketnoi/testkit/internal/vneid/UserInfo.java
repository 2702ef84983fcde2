package vn.ketnoi.testkit.internal.vneid;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

import vn.ketnoi.testkit.SandboxPopulation;
import vn.ketnoi.testkit.internal.ProviderKeys;

/**
 * The userinfo endpoint (section 9.4): the identity claims behind a live access token, as JSON,
 * or signed and/or encrypted as the client registered; in third-party mode released by scope and
 * never encrypted.
 */
final class UserInfo {
    private final Map<String, RelyingParty> clients;
    private final ProviderConfiguration config;
    private final Tokens tokens;
    private final Supplier<SandboxPopulation> population;
    private final ProviderKeys keys;
    private volatile UnaryOperator<Map<String, Object>> forger;

    UserInfo(Map<String, RelyingParty> clients, ProviderConfiguration config, Tokens tokens,
             Supplier<SandboxPopulation> population, ProviderKeys keys) {
        this.clients = clients;
        this.config = config;
        this.tokens = tokens;
        this.population = population;
        this.keys = keys;
    }

    /** Test hook: the next userinfo answer carries the claims {@code forger} makes of the honest ones. */
    void forgeNext(UnaryOperator<Map<String, Object>> forger) {
        this.forger = forger;
    }

    void handle(ClassicHttpRequest request, ClassicHttpResponse response) {
        Header h = request.getFirstHeader("Authorization");
        String token = h != null && h.getValue().regionMatches(true, 0, "Bearer ", 0, 7) ? h.getValue().substring(7).strip()
                : null;
        Tokens.Access a = tokens.access(token);
        if (a == null) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            Wire.oauthError(response, 401, "invalid_token", "the access token is unknown, expired or its session ended");
            return;
        }
        RelyingParty rp = clients.get(a.clientId());
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", Claims.subject(a.clientId(), a.idNumber()));
        Map<String, Object> identity = Claims.identity(population.get(), a.idNumber(), rp.portalClaims());
        boolean thirdParty = config.thirdParty();
        if (thirdParty) {
            // Released by scope, as a standard provider does: nothing beyond sub without them.
            List<String> scopes = Arrays.asList(a.scope() == null ? new String[0] : a.scope().split(" "));
            List<String> released = new ArrayList<>();
            if (scopes.contains("profile")) {
                released.addAll(rp.portalClaims() ? List.of("HoVaTen", "NgayThangNamSinh") : List.of("fullName", "birthDate"));
            }
            if (scopes.contains("citizen")) {
                released.addAll(rp.portalClaims() ? List.of("SoDinhDanh", "LoaiTaiKhoan") : List.of("citizenPid", "accountLevel"));
            }
            identity.keySet().retainAll(released);
        }
        claims.putAll(identity);
        UnaryOperator<Map<String, Object>> f = forger;
        forger = null;
        if (f != null) {
            claims = new LinkedHashMap<>(f.apply(claims));
        }
        boolean encrypt = rp.encryptionKey() != null && !thirdParty;
        if (!rp.signedUserInfo() && !encrypt) {
            Wire.json(response, 200, claims);
            return;
        }
        claims.put("iss", config.issuer());
        claims.put("aud", rp.clientId());
        String jwt = keys.sign("JWT", claims);
        if (encrypt) {
            jwt = Claims.encrypt(jwt, rp);
        }
        response.setCode(200);
        response.setEntity(new ByteArrayEntity(jwt.getBytes(StandardCharsets.US_ASCII),
                ContentType.create("application/jwt")));
    }
}
