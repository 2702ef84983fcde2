package vn.ketnoi.vneid.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.util.Date;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;

import vn.ketnoi.core.identity.IdentityParseException;
import vn.ketnoi.core.identity.PartialDate;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.internal.json.Json;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.vneid.auth.internal.OidcHttp;
import vn.ketnoi.vneid.auth.internal.ProviderMetadata;
import vn.ketnoi.vneid.auth.internal.TokenVerifier;

/**
 * From a token response to a {@link VneidLogin}, failing closed: the ID token verified, the level
 * reached ({@code acr}, else the account level the provider states) against the one required, the
 * identity read from the ID token or from userinfo (whose {@code sub} must be the ID token's), and
 * for CIBA the citizen who approved compared with the one asked, by keyed hash.
 */
final class Claims {
    private static final Logger LOG = LoggerFactory.getLogger(VneidAuthClient.class);

    private final VneidAuthConfig config;
    private final OidcHttp http;
    private final Discovery discovery;
    private final byte[] cibaKey;

    Claims(VneidAuthConfig config, OidcHttp http, Discovery discovery, byte[] cibaKey) {
        this.config = config;
        this.http = http;
        this.discovery = discovery;
        this.cibaKey = cibaKey;
    }

    /** {@code citizenBinding}: for CIBA, the keyed hash of the citizen asked, whom the identity must be. */
    VneidLogin tokens(KetnoiResponse r, String nonce, AssuranceLevel requested, String citizenBinding) {
        JsonNode body = OidcHttp.json(r, "token");
        String accessToken = body.path("access_token").asText(null);
        String idToken = body.path("id_token").asText(null);
        String tokenType = body.path("token_type").asText("");
        if (accessToken == null || idToken == null || !"bearer".equalsIgnoreCase(tokenType)) {
            throw new VneidAuthException("the token response lacks access_token, id_token or a Bearer token_type",
                    r.status(), "vneid.token.invalid-response", null, false, null);
        }
        TokenVerifier v = discovery.verifier();
        JWTClaimsSet claims = v.verifyIdToken(idToken, nonce, accessToken);
        String inner = v.unwrap(idToken);
        JsonNode claimJson = Json.mapper().valueToTree(claims.toJSONObject());
        AssuranceLevel required = requested.isAtLeast(config.minimumLevel()) ? requested : config.minimumLevel();
        boolean statesAcr = claimJson.has("acr");
        AssuranceLevel level = statesAcr ? acrLevel(claimJson) : null;
        if (statesAcr && (level == null || !level.isAtLeast(required))) {
            // A stated acr is the level reached: refused before userinfo is asked.
            throw new InsufficientLevelException(required, level);
        }
        VneidIdentity identity = identity(claimJson, claims.getSubject());
        JsonNode ui = null;
        if ((identity.idNumber().isEmpty() || !statesAcr) && discovery.metadata().userinfoEndpoint() != null) {
            ui = fetchUserInfo(accessToken);
            if (!claims.getSubject().equals(ui.path("sub").asText(null))) {
                throw new TokenValidationException(TokenCheck.SUBJECT, "the userinfo sub is not the ID token's", null);
            }
            if (identity.idNumber().isEmpty()) {
                identity = identity(ui, claims.getSubject());
            }
        }
        if (!statesAcr) {
            level = levelWithoutAcr(claimJson, ui, required);
        }
        if (citizenBinding != null && !identity.idNumber().map(n -> MessageDigest.isEqual(
                citizenBinding(n.value()).getBytes(StandardCharsets.US_ASCII),
                citizenBinding.getBytes(StandardCharsets.US_ASCII))).orElse(false)) {
            throw new TokenValidationException(TokenCheck.CIBA_CITIZEN, identity.idNumber().isEmpty()
                    ? "the approval names no ID number to compare with the citizen asked"
                    : "the approval is for another citizen than the one asked", null);
        }
        long expiresIn = body.path("expires_in").asLong(0);
        Date authTime = null;
        String sid;
        try {
            authTime = claims.getDateClaim("auth_time");
            sid = claims.getStringClaim("sid");
        } catch (ParseException e) {
            throw new TokenValidationException(TokenCheck.MALFORMED, "auth_time or sid has the wrong type", e);
        }
        LOG.debug("VNeID sign-in completed: {} at {}", identity, level);
        return new VneidLogin(identity, level, inner, accessToken,
                expiresIn > 0 ? config.clock().instant().plusSeconds(expiresIn) : null,
                authTime == null ? null : authTime.toInstant(), sid);
    }

    /** The level an ID token's {@code acr} names (URN, alias or digit); null when it names none known. */
    private static AssuranceLevel acrLevel(JsonNode claims) {
        JsonNode acr = claims.get("acr");
        return acr != null && acr.isTextual() ? AssuranceLevel.fromAcr(acr.asText()).orElse(null) : null;
    }

    /**
     * The level of a sign-in whose ID token states no {@code acr}: the account level the provider
     * states, in the ID token or else in userinfo, under the claim mapping's name. A provider that
     * states neither leaves the level unknown: that passes where level 1 is enough (every VNeID
     * account is at least level 1, and the sign-in is reported at level 1), and fails closed where
     * more is required, naming what was missing.
     */
    private AssuranceLevel levelWithoutAcr(JsonNode idToken, JsonNode userInfo, AssuranceLevel required) {
        String claim = config.claimMapping().accountLevelClaim();
        JsonNode stated = idToken.hasNonNull(claim) ? idToken.get(claim)
                : userInfo != null && userInfo.hasNonNull(claim) ? userInfo.get(claim) : null;
        AssuranceLevel level = stated == null ? null : AssuranceLevel.fromAcr(stated.asText()).orElse(null);
        if (level != null && level.isAtLeast(required)) {
            return level;
        }
        if (stated == null && required == AssuranceLevel.LEVEL_1) {
            return AssuranceLevel.LEVEL_1; // stated nowhere; a value stated but unknown is refused, as for acr
        }
        throw new InsufficientLevelException(required, level, stated != null
                ? "no acr in the ID token, and the " + claim + " stated names no known level"
                : "no acr in the ID token and no " + claim + (userInfo == null
                ? " in it, and the provider has no userinfo" : " in it or in userinfo"));
    }

    VneidIdentity identity(JsonNode claims, String subject) {
        ClaimMapping m = config.claimMapping();
        PersonalIdNumber id = null;
        PartialDate birth = null;
        try {
            String idText = text(claims, m.idNumberClaim());
            if (idText != null) {
                id = PersonalIdNumber.parse(idText, config.clock());
            }
            String birthText = text(claims, m.birthDateClaim());
            if (birthText != null) {
                birth = m == ClaimMapping.NATIONAL_PORTAL ? PartialDate.parseCompact(birthText)
                        : PartialDate.parseIso(birthText);
            }
        } catch (IdentityParseException e) {
            throw new TokenValidationException(TokenCheck.MALFORMED, "an identity claim does not parse ("
                    + m.idNumberClaim() + " or " + m.birthDateClaim() + ")", e);
        }
        JsonNode account = claims.get(m.accountLevelClaim());
        AssuranceLevel accountLevel = account == null ? null : AssuranceLevel.fromAcr(account.asText()).orElse(null);
        return new VneidIdentity(subject, id, text(claims, m.fullNameClaim()), birth, accountLevel);
    }

    private static String text(JsonNode claims, String name) {
        JsonNode n = claims.get(name);
        return n == null || n.isNull() ? null : n.asText();
    }

    JsonNode fetchUserInfo(String accessToken) {
        ProviderMetadata md = discovery.metadata();
        if (md.userinfoEndpoint() == null) {
            throw new VneidAuthException("the provider has no userinfo_endpoint", 0, "vneid.userinfo.unsupported",
                    null, false, null);
        }
        KetnoiResponse r = http.get(md.userinfoEndpoint(), "application/json, application/jwt", accessToken,
                "vneid.userinfo");
        if (r.status() != 200) {
            throw OidcHttp.oauthError(r, "userinfo");
        }
        String type = r.headers().first("Content-Type").orElse("").toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/jwt")) {
            JWTClaimsSet c = discovery.verifier().verifyUserInfo(r.bodyAsString().strip(), config.requireEncryptedUserInfo());
            return Json.mapper().valueToTree(c.toJSONObject());
        }
        // OpenID registers userinfo encryption apart from the ID token's: plain JSON is refused
        // only when the relying party says its registration covers userinfo.
        if (config.requireEncryptedUserInfo()) {
            throw new TokenValidationException(TokenCheck.ENCRYPTION,
                    "userinfo must come encrypted (requireEncryptedUserInfo) but came as plain JSON", null);
        }
        return OidcHttp.json(r, "userinfo");
    }

    String citizenBinding(String idNumber) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(VneidAuthClient.hmac(cibaKey, idNumber));
    }
}
