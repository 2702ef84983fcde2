package vn.ketnoi.vneid.auth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import vn.ketnoi.core.exception.KetnoiException;
import vn.ketnoi.core.identity.PersonalIdNumber;
import vn.ketnoi.core.internal.crypto.Jose;
import vn.ketnoi.core.pipeline.KetnoiResponse;
import vn.ketnoi.core.spi.ClientAssertions;
import vn.ketnoi.vneid.auth.internal.OidcHttp;

/**
 * What the requests that authenticate the client share (token, pushed authorization and
 * back-channel requests): the {@code private_key_jwt} assertion, the rule that a request carrying
 * a one-time value is sent once, the clock hint on {@code invalid_client}, and the audit record
 * of each sign-in or its refusal.
 */
final class TokenRequests {
    private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final VneidAuthConfig config;
    private final OidcHttp http;
    private final JWSSigner signer;
    private final vn.ketnoi.core.internal.audit.Auditor auditor;
    private final Claims claims;

    TokenRequests(VneidAuthConfig config, OidcHttp http, JWSSigner signer,
                  vn.ketnoi.core.internal.audit.Auditor auditor, Claims claims) {
        this.config = config;
        this.http = http;
        this.signer = signer;
        this.auditor = auditor;
        this.claims = claims;
    }

    /** Validates a token response and records the sign-in, or its refusal, in the audit trail. */
    VneidLogin audited(String operation, KetnoiResponse r, String nonce, AssuranceLevel requested,
                               String citizenBinding) {
        String requestId = r.request().headers().first("X-Road-Id").orElse(null);
        VneidLogin login;
        try {
            login = claims.tokens(r, nonce, requested, citizenBinding);
        } catch (vn.ketnoi.core.exception.KetnoiException e) {
            auditor.emit(operation, null, null, null, List.of(), List.of(), e.errorCode() == null ? "error" : e.errorCode(),
                    r.status(), requestId);
            throw e;
        }
        VneidIdentity id = login.identity();
        List<String> fields = new ArrayList<>();
        fields.add("sub");
        id.idNumber().ifPresent(x -> fields.add("idNumber"));
        id.fullName().ifPresent(x -> fields.add("fullName"));
        id.birthDate().ifPresent(x -> fields.add("birthDate"));
        auditor.emit(operation, null, null, null,
                List.of(id.idNumber().map(PersonalIdNumber::value).orElse(id.subject())), fields,
                vn.ketnoi.core.audit.AuditEvent.OK, r.status(), requestId);
        return login;
    }

    /**
     * An {@code invalid_client} answer with the likeliest cause said when it applies: the
     * provider's {@code Date} differs from our clock by more than the assertion's lifetime, so
     * our assertion was expired, or not yet valid, when it arrived. Names no secret.
     */
    VneidAuthException withClockHint(VneidAuthException e, KetnoiResponse r) {
        if (!"invalid_client".equals(e.oauthError())) {
            return e;
        }
        Instant theirs;
        try {
            theirs = r.headers().first("Date").map(d -> java.time.ZonedDateTime.parse(d,
                    java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).orElse(null);
        } catch (java.time.format.DateTimeParseException ex) {
            return e;
        }
        if (theirs == null) {
            return e;
        }
        Duration lifetime = config.clientAssertionLifetime();
        Duration diff = Duration.between(config.clock().instant(), theirs);
        if (diff.abs().compareTo(lifetime) <= 0) {
            return e;
        }
        return new VneidAuthException(e.reason() + "; the provider's clock (its Date header) is "
                + diff.abs().toSeconds() + " s " + (diff.isNegative() ? "behind" : "ahead of") + " this host's, more than"
                + " the client assertion's lifetime of " + lifetime.toSeconds() + " s: set this host's clock (NTP),"
                + " or raise clientAssertionLifetime", e.statusCode(), e.errorCode(), e.oauthError(), false, e);
    }

    KetnoiResponse sendOnce(URI endpoint, Map<String, String> form, String operation) {
        try {
            return http.postForm(endpoint, form, operation, false);
        } catch (KetnoiException e) {
            // The code or auth_req_id may have been consumed: the caller must start over.
            throw new VneidAuthException("the token request failed in transit and is not repeated: " + e.errorCode(),
                    e.statusCode(), e.errorCode(), null, false, e);
        }
    }

    void addClientAssertion(Map<String, String> form, String audience) {
        ClientAssertions.Claims c = ClientAssertions.claims(config.clientId(), audience, config.clock().instant(),
                config.clockSkew());
        JWTClaimsSet claims = Jose.claimsSet(new ClientAssertions.Claims(c.client(), c.audience(), c.jwtId(),
                c.issuedAt(), c.issuedAt().plus(config.clientAssertionLifetime())));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(Jose.jwsAlgorithm(config.credentials().algorithm()))
                .keyID(config.credentials().keyId()).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the client assertion", e);
        }
        form.put("client_assertion_type", ASSERTION_TYPE);
        form.put("client_assertion", jwt.serialize());
    }
}
